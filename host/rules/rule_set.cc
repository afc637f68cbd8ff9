#include "host/rules/rule_set.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "host/core/sha256.h"
#include "host/rules/candidate_finder.h"
#include "host/rules/pattern_pool.h"
#include "host/rules/rule_file_parser.h"

namespace wildwatch::rules {

namespace {

namespace fs = std::filesystem;

// How many hex digits of the content hash go into the version: enough to
// tell rule-set edits apart, short enough to read in a log line.
constexpr size_t kVersionHexDigits = 12;

struct Source {
  std::string file;
  std::string content;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 4647 basic filtering: range "zh" covers tags "zh" and "zh-Hans".
bool LanguageAllowed(const std::vector<std::string>& ranges,
                     std::string_view lang) {
  if (ranges.empty() || lang.empty()) return true;
  for (const std::string& range : ranges) {
    if (lang.size() == range.size() ||
        (lang.size() > range.size() && lang[range.size()] == '-')) {
      if (EqualsIgnoreCase(lang.substr(0, range.size()), range)) return true;
    }
  }
  return false;
}

void ReadFile(const fs::path& path, const LoadOptions& options,
              std::vector<Source>* sources,
              std::vector<Diagnostic>* diagnostics) {
  const std::string name = path.string();
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    diagnostics->push_back({name, 0, 0, "cannot read: " + ec.message()});
    return;
  }
  if (size > options.max_file_bytes) {
    diagnostics->push_back({name, 0, 0,
                            "file is " + std::to_string(size) +
                                " bytes; the limit is " +
                                std::to_string(options.max_file_bytes)});
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) {
    diagnostics->push_back({name, 0, 0, "cannot read the file"});
    return;
  }
  sources->push_back({name, std::move(content).str()});
}

// Expands directories into their *.yaml files (name order) and reads
// everything; a path that cannot be read is a diagnostic.
void ReadSources(const std::vector<std::string>& paths,
                 const LoadOptions& options, std::vector<Source>* sources,
                 std::vector<Diagnostic>* diagnostics) {
  if (paths.empty()) {
    diagnostics->push_back({"", 0, 0, "no rule files given"});
    return;
  }
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      ReadFile(path, options, sources, diagnostics);
      continue;
    }
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
      if (entry.path().extension() == ".yaml" && entry.is_regular_file(ec)) {
        files.push_back(entry.path());
      }
    }
    if (ec) {
      diagnostics->push_back({path, 0, 0, "cannot list: " + ec.message()});
      continue;
    }
    if (files.empty()) {
      diagnostics->push_back({path, 0, 0, "directory has no *.yaml files"});
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      ReadFile(file, options, sources, diagnostics);
    }
  }
}

// One rule as the matcher sees it.
struct CompiledRule {
  const Taxon* taxon;
  const Rule* rule;
  RulePatterns patterns;
};

}  // namespace

std::string Diagnostic::ToString() const {
  return Location{file, line, column}.ToString() + ": " + message;
}

struct RuleSet::Impl {
  explicit Impl(const LoadOptions& options)
      : pool(options.max_pattern_mem),
        finder(&pool, options.max_candidate_mem) {}

  static std::shared_ptr<const RuleSet> Build(
      const std::vector<Source>& sources, const LoadOptions& options,
      std::vector<Diagnostic>* diagnostics);

  // Whether pattern id matches text; memoised per post in *memo. any_hits
  // already answers for patterns the finder knows.
  bool Test(int id, std::string_view text, const std::vector<int>& any_hits,
            std::unordered_map<int, bool>* memo) const;

  std::string version;
  std::vector<Taxon> taxa;
  std::vector<CompiledRule> rules;
  size_t pattern_count = 0;
  PatternPool pool;
  CandidateFinder finder;
  // Pool id -> indices into rules of the rules with it in `any`; empty for
  // patterns used only in `all` and `unless`.
  std::vector<std::vector<int>> rules_by_any;
};

std::shared_ptr<const RuleSet> RuleSet::Impl::Build(
    const std::vector<Source>& sources, const LoadOptions& options,
    std::vector<Diagnostic>* diagnostics) {
  auto impl = std::make_unique<Impl>(options);
  LoadContext context{&options, &impl->pool, diagnostics};
  std::vector<ParsedTaxon> parsed;
  std::string names;
  std::string contents;
  bool ok = true;
  for (const Source& source : sources) {
    ParsedFile file;
    ok = RuleFileParser(source.file, &context).Parse(source.content, &file) &&
         ok;
    for (ParsedTaxon& taxon : file.taxa) parsed.push_back(std::move(taxon));
    names += (names.empty() ? "" : "+") + file.name;
    contents += source.content;
  }
  if (!ok) return nullptr;

  // Taxa first, then pointers into them: the vector never moves again.
  impl->taxa.reserve(parsed.size());
  for (ParsedTaxon& p : parsed) impl->taxa.push_back(std::move(p.taxon));
  impl->rules_by_any.resize(impl->pool.size());
  for (size_t t = 0; t < parsed.size(); ++t) {
    const Taxon& taxon = impl->taxa[t];
    for (size_t r = 0; r < taxon.rules.size(); ++r) {
      const int index = static_cast<int>(impl->rules.size());
      for (int id : parsed[t].patterns[r].any) {
        std::vector<int>& users = impl->rules_by_any[id];
        if (users.empty() || users.back() != index) users.push_back(index);
        impl->finder.Add(id);
      }
      impl->rules.push_back(
          {&taxon, &taxon.rules[r], std::move(parsed[t].patterns[r])});
    }
  }
  if (Status status = impl->finder.Compile(); !status.ok()) {
    diagnostics->push_back({sources.front().file, 0, 0, status.message()});
    return nullptr;
  }
  impl->pattern_count = context.pattern_entries;
  impl->version =
      names + "@" + Sha256Hex(contents).substr(0, kVersionHexDigits);
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
}

bool RuleSet::Impl::Test(int id, std::string_view text,
                         const std::vector<int>& any_hits,
                         std::unordered_map<int, bool>* memo) const {
  if (!rules_by_any[id].empty()) {
    return std::binary_search(any_hits.begin(), any_hits.end(), id);
  }
  auto [it, inserted] = memo->emplace(id, false);
  if (inserted) it->second = pool.Matches(id, text);
  return it->second;
}

std::shared_ptr<const RuleSet> RuleSet::Load(
    const std::vector<std::string>& paths, std::vector<Diagnostic>* diagnostics,
    const LoadOptions& options) {
  std::vector<Source> sources;
  const size_t before = diagnostics->size();
  ReadSources(paths, options, &sources, diagnostics);
  if (diagnostics->size() != before) return nullptr;
  return Impl::Build(sources, options, diagnostics);
}

std::shared_ptr<const RuleSet> RuleSet::LoadFromString(
    std::string_view yaml, std::string_view file_name,
    std::vector<Diagnostic>* diagnostics, const LoadOptions& options) {
  if (yaml.size() > options.max_file_bytes) {
    diagnostics->push_back({std::string(file_name), 0, 0,
                            "file is " + std::to_string(yaml.size()) +
                                " bytes; the limit is " +
                                std::to_string(options.max_file_bytes)});
    return nullptr;
  }
  return Impl::Build({Source{std::string(file_name), std::string(yaml)}},
                     options, diagnostics);
}

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RuleSet::~RuleSet() = default;

std::vector<Hit> RuleSet::Match(std::string_view text,
                                std::string_view lang) const {
  std::vector<Hit> hits;
  std::vector<int> any_hits;
  impl_->finder.Find(text, &any_hits);
  if (any_hits.empty()) return hits;

  std::vector<int> candidates;
  for (int id : any_hits) {
    const std::vector<int>& users = impl_->rules_by_any[id];
    candidates.insert(candidates.end(), users.begin(), users.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()),
                   candidates.end());

  // Rules share context patterns; each is tested and scanned once per text.
  std::unordered_map<int, bool> tested;
  std::unordered_map<int, std::vector<Span>> occurrences;
  for (int index : candidates) {
    const CompiledRule& rule = impl_->rules[index];
    if (!LanguageAllowed(rule.rule->languages, lang)) continue;
    const RulePatterns& p = rule.patterns;
    const auto test = [&](int id) {
      return impl_->Test(id, text, any_hits, &tested);
    };
    if (!std::all_of(p.all.begin(), p.all.end(), test) ||
        std::any_of(p.unless.begin(), p.unless.end(), test)) {
      continue;
    }
    Hit& hit = hits.emplace_back();
    hit.taxon = rule.taxon;
    hit.rule = rule.rule;
    for (const std::vector<int>* ids : {&p.any, &p.all}) {
      for (int id : *ids) {
        if (!test(id)) continue;
        auto [it, inserted] = occurrences.try_emplace(id);
        if (inserted) impl_->pool.FindAll(id, text, &it->second);
        hit.spans.insert(hit.spans.end(), it->second.begin(), it->second.end());
      }
    }
    std::sort(hit.spans.begin(), hit.spans.end(),
              [](const Span& a, const Span& b) {
                return a.start != b.start ? a.start < b.start : a.end < b.end;
              });
    hit.spans.erase(std::unique(hit.spans.begin(), hit.spans.end()),
                    hit.spans.end());
    for (const Span& span : hit.spans) {
      hit.matched.emplace_back(text.substr(span.start, span.end - span.start));
    }
  }
  return hits;
}

const std::string& RuleSet::version() const { return impl_->version; }
const std::vector<Taxon>& RuleSet::taxa() const { return impl_->taxa; }
size_t RuleSet::rule_count() const { return impl_->rules.size(); }
size_t RuleSet::pattern_count() const { return impl_->pattern_count; }

}  // namespace wildwatch::rules
