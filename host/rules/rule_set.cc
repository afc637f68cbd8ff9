#include "host/rules/rule_set.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "host/core/sha256.h"
#include "host/rules/candidate_finder.h"
#include "host/rules/pattern_pool.h"
#include "host/rules/rule_file_parser.h"
#include "host/rules/taxon_merger.h"

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

void ReadFile(const std::string& path, const LoadOptions& options,
              std::vector<Source>* sources,
              std::vector<Diagnostic>* diagnostics) {
  std::optional<std::string> content =
      ReadRuleFile(path, options.max_file_bytes, diagnostics);
  if (content) sources->push_back({path, std::move(*content)});
}

// Appends the *.yaml files under dir: first each subdirectory's (in name
// order, recursively), then dir's own (in name order), so a generated set
// in a subdirectory loads before the curated files beside it that extend
// it. Hidden entries and `tools` directories (generator inputs, not rules)
// are skipped.
void CollectYaml(const fs::path& dir, std::vector<fs::path>* files,
                 std::error_code* ec) {
  std::vector<fs::path> subdirectories;
  std::vector<fs::path> own;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, *ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      if (name != "tools") subdirectories.push_back(entry.path());
    } else if (entry.path().extension() == ".yaml" &&
               entry.is_regular_file(type_ec)) {
      own.push_back(entry.path());
    }
  }
  if (*ec) return;
  std::sort(subdirectories.begin(), subdirectories.end());
  std::sort(own.begin(), own.end());
  for (const fs::path& subdirectory : subdirectories) {
    CollectYaml(subdirectory, files, ec);
    if (*ec) return;
  }
  files->insert(files->end(), own.begin(), own.end());
}

// Reads every file that ExpandRulePaths finds; a file that cannot be read
// is a diagnostic.
void ReadSources(const std::vector<std::string>& paths,
                 const LoadOptions& options, std::vector<Source>* sources,
                 std::vector<Diagnostic>* diagnostics) {
  if (paths.empty()) diagnostics->push_back({"", 0, 0, "no rule files given"});
  // Path by path, so diagnostics come in the order the paths were given.
  for (const std::string& path : paths) {
    for (const std::string& file : ExpandRulePaths({path}, diagnostics)) {
      ReadFile(file, options, sources, diagnostics);
    }
  }
}

// One rule as the matcher sees it.
struct CompiledRule {
  const Taxon* taxon;
  const Rule* rule;
  RulePatterns patterns;
  int profile;  // Index into RuleSet::Impl::profiles.
};

bool SpanLess(const Span& a, const Span& b) {
  return a.start != b.start ? a.start < b.start : a.end < b.end;
}

}  // namespace

std::optional<std::string> ReadRuleFile(const std::string& path,
                                        uint64_t max_bytes,
                                        std::vector<Diagnostic>* diagnostics) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    diagnostics->push_back({path, 0, 0, "cannot read: " + ec.message()});
    return std::nullopt;
  }
  if (size > max_bytes) {
    diagnostics->push_back({path, 0, 0,
                            "file is " + std::to_string(size) +
                                " bytes; the limit is " +
                                std::to_string(max_bytes)});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) {
    diagnostics->push_back({path, 0, 0, "cannot read the file"});
    return std::nullopt;
  }
  return std::move(content).str();
}

std::vector<std::string> ExpandRulePaths(const std::vector<std::string>& paths,
                                         std::vector<Diagnostic>* diagnostics) {
  std::vector<std::string> out;
  if (paths.empty()) {
    diagnostics->push_back({"", 0, 0, "no rule files given"});
    return out;
  }
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      out.push_back(path);
      continue;
    }
    std::vector<fs::path> files;
    CollectYaml(path, &files, &ec);
    if (ec) {
      diagnostics->push_back({path, 0, 0, "cannot list: " + ec.message()});
      continue;
    }
    if (files.empty()) {
      diagnostics->push_back({path, 0, 0, "directory has no *.yaml files"});
      continue;
    }
    for (const fs::path& file : files) out.push_back(file.string());
  }
  return out;
}

std::string Diagnostic::ToString() const {
  return Location{file, line, column}.ToString() + ": " + message;
}

struct RuleSet::Impl {
  // The rules that share one normalisation profile, and the candidate
  // stage over their `any` patterns.
  struct Profile {
    NormalizeOptions options;
    std::unique_ptr<CandidateFinder> finder;
    // Pool id -> indices into rules of the rules of this profile with it
    // in `any`; empty for patterns used only in `all` and `unless`.
    std::vector<std::vector<int>> rules_by_any;
  };

  // What one Match() call learns about its text, per profile: each
  // distinct normalisation is computed once per post, not once per rule.
  class Post {
   public:
    // Normalises text for a profile when a rule of it is first looked at.
    Post(const Impl& impl, std::string_view text)
        : impl_(impl),
          text_(text),
          views_(impl.profiles.size()),
          owned_views_(impl.profiles.size()),
          any_hits_(impl.profiles.size()) {}

    // Uses the views of prepared, which must outlive the Post.
    Post(const Impl& impl, const PreparedPost& prepared)
        : Post(impl, prepared.text()) {
      for (size_t i = 0; i < views_.size(); ++i) {
        views_[i] = &prepared.views_[i];
      }
    }

    std::string_view text() const { return text_; }

    const NormalizedText& View(int profile) {
      if (views_[profile] == nullptr) {
        views_[profile] = &owned_views_[profile].emplace(
            Normalize(text_, impl_.profiles[profile].options));
      }
      return *views_[profile];
    }

    // The `any` patterns of the profile that occur, ascending; boundary
    // checks included.
    const std::vector<int>& AnyHits(int profile) {
      std::optional<std::vector<int>>& hits = any_hits_[profile];
      if (hits) return *hits;
      hits.emplace();
      const std::string_view text = View(profile).text();
      impl_.profiles[profile].finder->Find(
          text, CandidateFinder::TextCase::kFolded, &*hits);
      // The finder ran the regexes without their edge \b: confirm.
      hits->erase(std::remove_if(hits->begin(), hits->end(),
                                 [&](int id) {
                                   return impl_.pool.checks_boundaries(id) &&
                                          !impl_.pool.Occurs(id, text);
                                 }),
                  hits->end());
      return *hits;
    }

    // Whether pattern id occurs in the profile's view; memoised.
    bool Test(int profile, int id) {
      if (!impl_.profiles[profile].rules_by_any[id].empty()) {
        const std::vector<int>& hits = AnyHits(profile);
        return std::binary_search(hits.begin(), hits.end(), id);
      }
      const int64_t key = int64_t{profile} * impl_.pool.size() + id;
      auto [it, inserted] = tested_.emplace(key, false);
      if (inserted) it->second = impl_.pool.Occurs(id, View(profile).text());
      return it->second;
    }

    // The occurrences of pattern id in the profile's view; memoised.
    const std::vector<Span>& Occurrences(int profile, int id) {
      const int64_t key = int64_t{profile} * impl_.pool.size() + id;
      auto [it, inserted] = occurrences_.try_emplace(key);
      if (inserted) impl_.pool.FindAll(id, View(profile).text(), &it->second);
      return it->second;
    }

   private:
    const Impl& impl_;
    const std::string_view text_;
    std::vector<const NormalizedText*> views_;
    std::vector<std::optional<NormalizedText>> owned_views_;
    std::vector<std::optional<std::vector<int>>> any_hits_;
    std::unordered_map<int64_t, bool> tested_;
    std::unordered_map<int64_t, std::vector<Span>> occurrences_;
  };

  explicit Impl(const LoadOptions& options) : pool(options.max_pattern_mem) {}

  static std::shared_ptr<const RuleSet> Build(
      const std::vector<Source>& sources, const LoadOptions& options,
      std::vector<Diagnostic>* diagnostics);

  // The index into profiles for options, adding it if new.
  int ProfileFor(const NormalizeOptions& options);

  std::vector<Hit> Match(Post* post, std::string_view lang) const;

  RuleTrace Trace(const CompiledRule& rule, std::string_view lang,
                  Post* post) const;

  std::string version;
  std::vector<Taxon> taxa;
  std::vector<CompiledRule> rules;
  size_t pattern_count = 0;
  PatternPool pool;
  std::vector<Profile> profiles;
};

int RuleSet::Impl::ProfileFor(const NormalizeOptions& options) {
  for (size_t i = 0; i < profiles.size(); ++i) {
    if (profiles[i].options == options) return static_cast<int>(i);
  }
  profiles.push_back(Profile{options, nullptr, {}});
  return static_cast<int>(profiles.size()) - 1;
}

std::shared_ptr<const RuleSet> RuleSet::Impl::Build(
    const std::vector<Source>& sources, const LoadOptions& options,
    std::vector<Diagnostic>* diagnostics) {
  auto impl = std::make_unique<Impl>(options);
  LoadContext context{&options, &impl->pool, diagnostics};
  TaxonMerger merger(diagnostics);
  std::string names;
  std::string contents;
  bool ok = true;
  for (const Source& source : sources) {
    ParsedFile file;
    ok = RuleFileParser(source.file, &context).Parse(source.content, &file) &&
         ok;
    for (ParsedTaxon& taxon : file.taxa) merger.Add(std::move(taxon));
    names += (names.empty() ? "" : "+") + file.name;
    contents += source.content;
  }
  if (!ok || !merger.ok()) return nullptr;
  std::vector<ParsedTaxon> parsed = merger.Take();

  // Taxa first, then pointers into them: the vector never moves again.
  impl->taxa.reserve(parsed.size());
  for (ParsedTaxon& p : parsed) impl->taxa.push_back(std::move(p.taxon));
  for (size_t t = 0; t < parsed.size(); ++t) {
    const Taxon& taxon = impl->taxa[t];
    for (size_t r = 0; r < taxon.rules.size(); ++r) {
      RulePatterns& patterns = parsed[t].patterns[r];
      impl->pattern_count +=
          patterns.any.size() + patterns.all.size() + patterns.unless.size();
      const int profile = impl->ProfileFor(taxon.rules[r].normalize);
      impl->rules.push_back(
          {&taxon, &taxon.rules[r], std::move(patterns), profile});
    }
  }
  // Rules layered away by override may have left patterns in the pool that
  // no rule uses; they cost memory but no matching time.
  const int64_t finder_mem =
      options.max_candidate_mem /
      std::max<int64_t>(1, static_cast<int64_t>(impl->profiles.size()));
  for (Profile& profile : impl->profiles) {
    profile.finder = std::make_unique<CandidateFinder>(&impl->pool, finder_mem);
    profile.rules_by_any.resize(impl->pool.size());
  }
  for (size_t index = 0; index < impl->rules.size(); ++index) {
    const CompiledRule& rule = impl->rules[index];
    Profile& profile = impl->profiles[rule.profile];
    for (int id : rule.patterns.any) {
      std::vector<int>& users = profile.rules_by_any[id];
      if (users.empty() || users.back() != static_cast<int>(index)) {
        users.push_back(static_cast<int>(index));
      }
      profile.finder->Add(id);
    }
  }
  for (Profile& profile : impl->profiles) {
    if (Status status = profile.finder->Compile(); !status.ok()) {
      diagnostics->push_back({sources.front().file, 0, 0, status.message()});
      return nullptr;
    }
  }
  impl->version =
      names + "@" + Sha256Hex(contents).substr(0, kVersionHexDigits);
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
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

PreparedPost RuleSet::Prepare(std::string_view text) const {
  PreparedPost prepared;
  prepared.text_ = text;
  prepared.views_.reserve(impl_->profiles.size());
  for (const Impl::Profile& profile : impl_->profiles) {
    prepared.views_.push_back(Normalize(text, profile.options));
  }
  return prepared;
}

std::vector<Hit> RuleSet::Match(std::string_view text,
                                std::string_view lang) const {
  Impl::Post post(*impl_, text);
  return impl_->Match(&post, lang);
}

std::vector<Hit> RuleSet::Match(const PreparedPost& post,
                                std::string_view lang) const {
  assert(post.views_.size() == impl_->profiles.size());
  Impl::Post prepared(*impl_, post);
  return impl_->Match(&prepared, lang);
}

std::vector<Hit> RuleSet::Impl::Match(Post* post_state,
                                      std::string_view lang) const {
  Post& post = *post_state;
  std::vector<Hit> hits;
  std::vector<int> candidates;
  for (size_t profile = 0; profile < profiles.size(); ++profile) {
    for (int id : post.AnyHits(static_cast<int>(profile))) {
      const std::vector<int>& users = profiles[profile].rules_by_any[id];
      candidates.insert(candidates.end(), users.begin(), users.end());
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()),
                   candidates.end());

  for (int index : candidates) {
    const CompiledRule& rule = rules[index];
    if (!LanguageAllowed(rule.rule->languages, lang)) continue;
    const RulePatterns& p = rule.patterns;
    const auto test = [&](int id) { return post.Test(rule.profile, id); };
    if (!std::all_of(p.all.begin(), p.all.end(), test) ||
        std::any_of(p.unless.begin(), p.unless.end(), test)) {
      continue;
    }
    const NormalizedText& view = post.View(rule.profile);
    Hit& hit = hits.emplace_back();
    hit.taxon = rule.taxon;
    hit.rule = rule.rule;
    for (const std::vector<int>* ids : {&p.any, &p.all}) {
      for (int id : *ids) {
        if (!test(id)) continue;
        for (const Span& span : post.Occurrences(rule.profile, id)) {
          hit.spans.push_back(view.ToOriginal(span));
        }
      }
    }
    std::sort(hit.spans.begin(), hit.spans.end(), SpanLess);
    hit.spans.erase(std::unique(hit.spans.begin(), hit.spans.end()),
                    hit.spans.end());
    for (const Span& span : hit.spans) {
      hit.matched.emplace_back(
          post.text().substr(span.start, span.end - span.start));
    }
  }
  return hits;
}

RuleTrace RuleSet::Impl::Trace(const CompiledRule& rule, std::string_view lang,
                               Post* post) const {
  RuleTrace trace;
  trace.taxon = rule.taxon;
  trace.rule = rule.rule;
  trace.profile = profiles[rule.profile].options.ToString();
  const NormalizedText& view = post->View(rule.profile);
  trace.normalized_text = std::string(view.text());
  const auto record = [&](const std::vector<std::string>& texts,
                          const std::vector<int>& ids,
                          std::vector<PatternTrace>* out) {
    for (size_t i = 0; i < ids.size(); ++i) {
      PatternTrace& pattern = out->emplace_back();
      pattern.pattern = texts[i];
      pattern.normalized_spans = post->Occurrences(rule.profile, ids[i]);
      pattern.matched = !pattern.normalized_spans.empty();
      for (const Span& span : pattern.normalized_spans) {
        pattern.spans.push_back(view.ToOriginal(span));
      }
    }
  };
  record(rule.rule->any, rule.patterns.any, &trace.any);
  record(rule.rule->all, rule.patterns.all, &trace.all);
  record(rule.rule->unless, rule.patterns.unless, &trace.unless);
  const auto matched = [](const PatternTrace& p) { return p.matched; };
  if (!LanguageAllowed(rule.rule->languages, lang)) {
    trace.verdict = Verdict::kLanguage;
  } else if (std::none_of(trace.any.begin(), trace.any.end(), matched)) {
    trace.verdict = Verdict::kNoAnyPattern;
  } else if (!std::all_of(trace.all.begin(), trace.all.end(), matched)) {
    trace.verdict = Verdict::kMissingAll;
  } else if (std::any_of(trace.unless.begin(), trace.unless.end(), matched)) {
    trace.verdict = Verdict::kVetoedByUnless;
  } else {
    trace.verdict = Verdict::kHit;
  }
  return trace;
}

std::vector<RuleTrace> RuleSet::Explain(std::string_view text,
                                        std::string_view lang,
                                        std::string_view taxon_id) const {
  std::vector<RuleTrace> traces;
  Impl::Post post(*impl_, text);
  for (const CompiledRule& rule : impl_->rules) {
    if (!taxon_id.empty() && rule.taxon->id != taxon_id) continue;
    RuleTrace trace = impl_->Trace(rule, lang, &post);
    if (taxon_id.empty() && !trace.hit()) continue;
    traces.push_back(std::move(trace));
  }
  return traces;
}

const std::string& RuleSet::version() const { return impl_->version; }
const std::vector<Taxon>& RuleSet::taxa() const { return impl_->taxa; }
size_t RuleSet::rule_count() const { return impl_->rules.size(); }
size_t RuleSet::pattern_count() const { return impl_->pattern_count; }

}  // namespace wildwatch::rules
