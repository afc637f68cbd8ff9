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
#include "host/rules/rule_resolver.h"
#include "host/rules/taxon_merger.h"

namespace wildwatch::rules {

namespace {

namespace fs = std::filesystem;

// How many hex digits of the content hash go into the version: enough to
// tell rule-set edits apart, short enough to read in a log line.
constexpr size_t kVersionHexDigits = 12;

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

// One rule as the matcher sees it.
struct CompiledRule {
  const Taxon* taxon;
  const Rule* rule;
  ResolvedRule patterns;
  int profile;  // Index into RuleSet::Impl::profiles.
};

// Whether a strict term of primary language subtag `primary` counts in a
// post of language lang: the post's language must be known and share it.
bool SameLanguage(std::string_view primary, std::string_view lang) {
  const std::string_view post_primary = lang.substr(0, lang.find('-'));
  return !post_primary.empty() && EqualsIgnoreCase(post_primary, primary);
}

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

std::vector<RuleSource> ReadRuleSources(const std::vector<std::string>& paths,
                                        uint64_t max_file_bytes,
                                        std::vector<Diagnostic>* diagnostics) {
  const size_t before = diagnostics->size();
  std::vector<RuleSource> sources;
  // Path by path, so diagnostics come in the order the paths were given.
  if (paths.empty()) diagnostics->push_back({"", 0, 0, "no rule files given"});
  for (const std::string& path : paths) {
    for (const std::string& file : ExpandRulePaths({path}, diagnostics)) {
      std::optional<std::string> content =
          ReadRuleFile(file, max_file_bytes, diagnostics);
      if (content) sources.push_back({file, std::move(*content)});
    }
  }
  if (diagnostics->size() != before) sources.clear();
  return sources;
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
      const std::vector<RuleSource>& sources, const LoadOptions& options,
      std::vector<Diagnostic>* diagnostics);

  // The index into profiles for options, adding it if new.
  int ProfileFor(const NormalizeOptions& options);

  std::vector<Hit> Match(Post* post, const PostContext& context) const;

  RuleTrace Trace(const CompiledRule& rule, const PostContext& context,
                  Post* post) const;

  // Whether alternative a of rule occurs in the post (its strict
  // language, if any, being the post's).
  bool Holds(const CompiledRule& rule, const Alternative& a,
             const PostContext& context, Post* post) const {
    if (a.id == kPostOfferId) return context.offer;
    if (a.language >= 0 && !SameLanguage(languages[a.language], context.lang)) {
      return false;
    }
    return post->Test(rule.profile, a.id);
  }

  std::string version;
  std::vector<Taxon> taxa;
  std::vector<CompiledRule> rules;
  size_t pattern_count = 0;
  PatternPool pool;
  std::vector<Profile> profiles;
  // Primary subtags of strict terms' languages (Alternative::language).
  std::vector<std::string> languages;
};

int RuleSet::Impl::ProfileFor(const NormalizeOptions& options) {
  for (size_t i = 0; i < profiles.size(); ++i) {
    if (profiles[i].options == options) return static_cast<int>(i);
  }
  profiles.push_back(Profile{options, nullptr, {}});
  return static_cast<int>(profiles.size()) - 1;
}

std::shared_ptr<const RuleSet> RuleSet::Impl::Build(
    const std::vector<RuleSource>& sources, const LoadOptions& options,
    std::vector<Diagnostic>* diagnostics) {
  auto impl = std::make_unique<Impl>(options);
  LoadContext context{&options, &impl->pool, diagnostics};
  TaxonMerger merger(diagnostics);
  RuleResolver resolver(&context);
  std::string names;
  std::string contents;
  bool ok = true;
  for (const RuleSource& source : sources) {
    ParsedFile file;
    ok = RuleFileParser(source.name, &context).Parse(source.content, &file) &&
         ok;
    for (ParsedLexicon& lexicon : file.lexicons) {
      resolver.Add(std::move(lexicon));
    }
    for (ParsedTemplate& t : file.templates) resolver.Add(std::move(t));
    for (ParsedTaxon& taxon : file.taxa) merger.Add(std::move(taxon));
    names += (names.empty() ? "" : "+") + file.name;
    contents += source.content;
  }
  if (!ok || !merger.ok()) return nullptr;
  // References resolve against every file, so only now.
  ResolvedRules resolved;
  if (!resolver.Resolve(merger.Take(), &resolved)) return nullptr;

  // Taxa first, then pointers into them: the vector never moves again.
  impl->taxa = std::move(resolved.taxa);
  impl->languages = std::move(resolved.languages);
  for (size_t t = 0; t < impl->taxa.size(); ++t) {
    const Taxon& taxon = impl->taxa[t];
    for (size_t r = 0; r < taxon.rules.size(); ++r) {
      ResolvedRule& patterns = resolved.rules[t][r];
      for (const auto* items : {&patterns.any, &patterns.unless}) {
        for (const auto& item : *items) impl->pattern_count += item.size();
      }
      for (const auto& clause : patterns.all) {
        for (const auto& item : clause) impl->pattern_count += item.size();
      }
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
    for (const std::vector<Alternative>& item : rule.patterns.any) {
      for (const Alternative& alternative : item) {
        std::vector<int>& users = profile.rules_by_any[alternative.id];
        if (users.empty() || users.back() != static_cast<int>(index)) {
          users.push_back(static_cast<int>(index));
        }
        profile.finder->Add(alternative.id);
      }
    }
  }
  for (Profile& profile : impl->profiles) {
    if (Status status = profile.finder->Compile(); !status.ok()) {
      diagnostics->push_back({sources.front().name, 0, 0, status.message()});
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
  const std::vector<RuleSource> sources =
      ReadRuleSources(paths, options.max_file_bytes, diagnostics);
  if (sources.empty()) return nullptr;
  return Impl::Build(sources, options, diagnostics);
}

std::shared_ptr<const RuleSet> RuleSet::Compile(
    const std::vector<RuleSource>& sources,
    std::vector<Diagnostic>* diagnostics, const LoadOptions& options) {
  const size_t before = diagnostics->size();
  if (sources.empty()) {
    diagnostics->push_back({"", 0, 0, "no rule files given"});
  }
  for (const RuleSource& source : sources) {
    if (source.content.size() > options.max_file_bytes) {
      diagnostics->push_back({source.name, 0, 0,
                              "file is " +
                                  std::to_string(source.content.size()) +
                                  " bytes; the limit is " +
                                  std::to_string(options.max_file_bytes)});
    }
  }
  if (diagnostics->size() != before) return nullptr;
  return Impl::Build(sources, options, diagnostics);
}

std::shared_ptr<const RuleSet> RuleSet::LoadFromString(
    std::string_view yaml, std::string_view file_name,
    std::vector<Diagnostic>* diagnostics, const LoadOptions& options) {
  return Compile({RuleSource{std::string(file_name), std::string(yaml)}},
                 diagnostics, options);
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
  return Match(text, PostContext{lang});
}

std::vector<Hit> RuleSet::Match(std::string_view text,
                                const PostContext& context) const {
  Impl::Post post(*impl_, text);
  return impl_->Match(&post, context);
}

std::vector<Hit> RuleSet::Match(const PreparedPost& post,
                                std::string_view lang) const {
  return Match(post, PostContext{lang});
}

std::vector<Hit> RuleSet::Match(const PreparedPost& post,
                                const PostContext& context) const {
  assert(post.views_.size() == impl_->profiles.size());
  Impl::Post prepared(*impl_, post);
  return impl_->Match(&prepared, context);
}

std::vector<Hit> RuleSet::Impl::Match(Post* post_state,
                                      const PostContext& context) const {
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

  // Per hit, its template group and index into rules: within a group
  // only the most severe hit stays.
  std::vector<int> groups;
  for (int index : candidates) {
    const CompiledRule& rule = rules[index];
    if (!LanguageAllowed(rule.rule->languages, context.lang)) continue;
    const ResolvedRule& p = rule.patterns;
    const auto holds = [&](const Alternative& a) {
      return Holds(rule, a, context, &post);
    };
    const auto item_holds = [&](const std::vector<Alternative>& item) {
      return std::any_of(item.begin(), item.end(), holds);
    };
    const auto clause_holds = [&](const auto& clause) {
      return std::any_of(clause.begin(), clause.end(), item_holds);
    };
    // A candidate has an `any` pattern in the text, but a strict term's
    // may be of another language.
    if (!clause_holds(p.any) ||
        !std::all_of(p.all.begin(), p.all.end(), clause_holds) ||
        clause_holds(p.unless)) {
      continue;
    }
    if (p.group >= 0 && !groups.empty() && groups.back() == p.group) {
      // Rules of one group are adjacent; keep the earlier of equals.
      if (rule.rule->severity <= hits.back().rule->severity) continue;
      hits.pop_back();
      groups.pop_back();
    }
    const NormalizedText& view = post.View(rule.profile);
    Hit& hit = hits.emplace_back();
    groups.push_back(p.group);
    hit.taxon = rule.taxon;
    hit.rule = rule.rule;
    const auto add_spans = [&](const std::vector<Alternative>& item) {
      for (const Alternative& a : item) {
        if (a.id < 0 || !holds(a)) continue;
        for (const Span& span : post.Occurrences(rule.profile, a.id)) {
          hit.spans.push_back(view.ToOriginal(span));
        }
      }
    };
    for (const auto& item : p.any) add_spans(item);
    for (const auto& clause : p.all) {
      for (const auto& item : clause) add_spans(item);
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

RuleTrace RuleSet::Impl::Trace(const CompiledRule& rule,
                               const PostContext& context, Post* post) const {
  RuleTrace trace;
  trace.taxon = rule.taxon;
  trace.rule = rule.rule;
  trace.profile = profiles[rule.profile].options.ToString();
  const NormalizedText& view = post->View(rule.profile);
  trace.normalized_text = std::string(view.text());
  // One trace per item (per `all` clause), with the occurrences of every
  // pattern it expanded to.
  const auto record = [&](const std::string& text,
                          const std::vector<std::vector<Alternative>>& items,
                          std::vector<PatternTrace>* out) {
    PatternTrace& pattern = out->emplace_back();
    pattern.pattern = text;
    for (const std::vector<Alternative>& item : items) {
      for (const Alternative& a : item) {
        if (!Holds(rule, a, context, post)) continue;
        pattern.matched = true;
        if (a.id < 0) continue;
        for (const Span& span : post->Occurrences(rule.profile, a.id)) {
          pattern.normalized_spans.push_back(span);
        }
      }
    }
    std::sort(pattern.normalized_spans.begin(), pattern.normalized_spans.end(),
              SpanLess);
    for (const Span& span : pattern.normalized_spans) {
      pattern.spans.push_back(view.ToOriginal(span));
    }
  };
  const ResolvedRule& p = rule.patterns;
  for (size_t i = 0; i < p.any.size(); ++i) {
    record(rule.rule->any[i], {p.any[i]}, &trace.any);
  }
  for (size_t i = 0; i < p.all.size(); ++i) {
    const std::vector<std::string>& texts = rule.rule->all[i];
    std::string text = texts.size() == 1 ? texts[0] : "[";
    for (size_t j = 0; texts.size() > 1 && j < texts.size(); ++j) {
      text +=
          (j > 0 ? ", " : "") + texts[j] + (j + 1 == texts.size() ? "]" : "");
    }
    record(text, p.all[i], &trace.all);
  }
  for (size_t i = 0; i < p.unless.size(); ++i) {
    record(rule.rule->unless[i], {p.unless[i]}, &trace.unless);
  }
  const auto matched = [](const PatternTrace& p) { return p.matched; };
  if (!LanguageAllowed(rule.rule->languages, context.lang)) {
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
  return Explain(text, PostContext{lang}, taxon_id);
}

std::vector<RuleTrace> RuleSet::Explain(std::string_view text,
                                        const PostContext& context,
                                        std::string_view taxon_id) const {
  std::vector<RuleTrace> traces;
  Impl::Post post(*impl_, text);
  for (const CompiledRule& rule : impl_->rules) {
    if (!taxon_id.empty() && rule.taxon->id != taxon_id) continue;
    RuleTrace trace = impl_->Trace(rule, context, &post);
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
