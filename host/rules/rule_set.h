// RuleSet: a compiled, immutable set of keyword rules per CITES taxon.
//
// Admins write rule sets as YAML (format in docs/rules.md). Load() reads one
// or more files, reports every problem it finds as a Diagnostic with
// file:line:column, and compiles all patterns together, so matching one post
// costs one pass over its text rather than one regex per pattern.
//
// A rule hits a text when at least one of its `any` patterns matches, every
// one of its `all` patterns matches, and none of its `unless` patterns
// matches. Before matching, the text is normalised against evasion
// (normalizer.h: NFKC, case folding, leetspeak, homoglyphs, separators
// inside words), once per distinct profile the rules ask for, and patterns
// match case-insensitively ("TIGRE" and "tigre", "ΕΛΕΦΑΝΤΑΣ" and
// "ελεφαντας" are the same). Spans are byte offsets into the text given to
// Match(), the original and not the normalised one.
//
// Lifecycle: Load, then Match from any number of threads. A RuleSet is never
// modified after Load, so it is safe for concurrent use without locking; hot
// reload builds a new RuleSet and swaps a shared_ptr.
//
// Example:
//
//   std::vector<rules::Diagnostic> diagnostics;
//   std::shared_ptr<const rules::RuleSet> set =
//       rules::RuleSet::Load({"rules/"}, &diagnostics);
//   if (set == nullptr) { /* print each diagnostics[i].ToString() */ }
//   for (const rules::Hit& hit : set->Match(post.text, post.lang)) {
//     // hit.taxon->scientific_name, hit.rule->id, hit.spans, ...
//   }

#ifndef WILDWATCH_HOST_RULES_RULE_SET_H_
#define WILDWATCH_HOST_RULES_RULE_SET_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/match.h"
#include "host/rules/explain.h"
#include "host/rules/normalizer.h"

namespace wildwatch::rules {

// One problem in a rule file. line and column are 1-based; 0 when unknown.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  // "file:line:column: message"; the column, or line and column, are left
  // out when unknown ("file:line: message", "file: message").
  std::string ToString() const;
};

struct Rule {
  std::string id;  // Fully qualified: "<taxon id>/<rule id>".
  Severity severity = Severity::kMedium;
  // The entries as written: RE2 patterns, or in format 2 also `$`
  // references (docs/rules.md). Each `all` clause is a list that hits when
  // any of its entries does; a v1 clause has one entry.
  std::vector<std::string> any;
  std::vector<std::vector<std::string>> all;
  std::vector<std::string> unless;
  // Empty: every language. Otherwise BCP 47 language ranges; "zh" covers
  // the hints "zh", "zh-Hans" and "zh-TW" (RFC 4647 basic filtering).
  std::vector<std::string> languages;
  // How the text is normalised before this rule's patterns see it.
  NormalizeOptions normalize;
};

// Where a taxon sits in the tree of life; empty fields are unknown.
struct Taxonomy {
  std::string kingdom;
  std::string phylum;
  std::string class_name;  // `class` in YAML.
  std::string order;
  std::string family;
  friend bool operator==(const Taxonomy&, const Taxonomy&) = default;
};

struct Taxon {
  std::string id;  // e.g. "loxodonta-africana".
  std::string scientific_name;
  std::string appendix;  // "I", "II" or "III".
  // Language code -> names, e.g. "en" -> {"African elephant"}.
  std::map<std::string, std::vector<std::string>> common_names;
  Taxonomy taxonomy;
  // Format 2: the names that are matched, per language ("und": any), and
  // those matched only with context; the lexicons standing for its goods
  // and look-alikes; the templates it asked for (empty: the defaults).
  std::map<std::string, std::vector<std::string>> names;
  std::map<std::string, std::vector<std::string>> context_names;
  std::vector<std::string> products;
  std::vector<std::string> lookalikes;
  std::vector<std::string> templates;
  // Its rules: explicit ones first, then those its templates made.
  std::vector<Rule> rules;
};

// What rules may look at besides the text.
struct PostContext {
  // The post's language, hinted or detected; "" when unknown.
  std::string_view lang;
  // Whether the post is an offer by where it sits (a marketplace, auction
  // or classifieds platform, or a price attribute): `$post:offer`.
  bool offer = false;
};

// One rule that hit one text.
struct Hit {
  const Taxon* taxon;       // Points into the RuleSet; valid while it lives.
  const Rule* rule;         // Likewise.
  std::vector<Span> spans;  // Of the `any` and `all` matches, sorted.
  std::vector<std::string> matched;  // The text of each span.
};

// Limits that keep a careless or hostile rule file from exhausting the host.
// Exceeding one is a diagnostic, never a partial load.
struct LoadOptions {
  // Longest accepted pattern. Real keyword patterns are tens of bytes; a
  // pattern of kilobytes is almost always a generated alternation that
  // belongs in several rules.
  size_t max_pattern_bytes = 4096;
  // Most pattern entries (any + all + unless, over all rules) in one set.
  // The combined matcher's memory grows with this; the default leaves room
  // for a few patterns per CITES-listed species (about 40000 are listed).
  size_t max_patterns = 100000;
  // Largest accepted rule file.
  size_t max_file_bytes = 16 << 20;
  // Memory budget of the combined candidate matcher (RE2::Set), for its
  // compiled program and its lazily built DFA. Too small a budget fails the
  // load with a diagnostic; a DFA that runs out while matching falls back to
  // one regex at a time (correct, slower).
  int64_t max_candidate_mem = int64_t{256} << 20;
  // Memory budget of each individual pattern (RE2's default is 8 MiB).
  int64_t max_pattern_mem = int64_t{8} << 20;
};

// The content of the rule file at path, or std::nullopt with a diagnostic
// naming it appended to *diagnostics (unreadable, or larger than max_bytes,
// which is checked before reading). REQUIRES: diagnostics != nullptr.
std::optional<std::string> ReadRuleFile(const std::string& path,
                                        uint64_t max_bytes,
                                        std::vector<Diagnostic>* diagnostics);

// The rule files that paths name, in the order RuleSet::Load reads them:
// a file as given; a directory expanded recursively (each subdirectory's
// *.yaml files before the directory's own, each in name order; hidden
// entries and `tools` directories skipped). A directory that cannot be
// listed or holds no rule file is a diagnostic appended to *diagnostics.
// REQUIRES: diagnostics != nullptr.
std::vector<std::string> ExpandRulePaths(const std::vector<std::string>& paths,
                                         std::vector<Diagnostic>* diagnostics);

// One rule file's content, held in memory; name is used in diagnostics
// (normally the file's path).
struct RuleSource {
  std::string name;
  std::string content;
};

// Reads the files that paths name (ExpandRulePaths) in that order, each
// named by its path as given or found: what Load() compiles, for callers
// that keep the bytes (the daemon's registry) or send them (`rules
// activate`). On any problem (no paths, an unlistable or empty directory,
// an unreadable file or one over max_file_bytes) returns an empty vector
// with every problem appended to *diagnostics.
// REQUIRES: diagnostics != nullptr.
std::vector<RuleSource> ReadRuleSources(const std::vector<std::string>& paths,
                                        uint64_t max_file_bytes,
                                        std::vector<Diagnostic>* diagnostics);

// A post's text normalised for each profile (set of optional normalisation
// steps) that one RuleSet's rules use: made by RuleSet::Prepare, matched by
// RuleSet::Match. Separating the two lets a caller normalise once and match
// later, or time matching apart from normalising; Match(text, lang) does
// both and finds the same hits. Views the text it was made from, which
// must outlive it. Movable; usable only with the RuleSet that made it.
class PreparedPost {
 public:
  // The post's original text.
  std::string_view text() const { return text_; }

 private:
  friend class RuleSet;
  std::string_view text_;
  std::vector<NormalizedText> views_;  // One per profile of the set.
};

class RuleSet {
 public:
  // Reads, validates and compiles the rule files at paths (files, or
  // directories, expanded as ExpandRulePaths says): ReadRuleSources, then
  // Compile. Taxa of later files
  // layer onto earlier ones
  // (taxon_merger.h). Returns null if
  // there is any problem, with every problem appended to *diagnostics
  // (never stops at the first). On success *diagnostics is left unchanged.
  // REQUIRES: diagnostics != nullptr.
  static std::shared_ptr<const RuleSet> Load(
      const std::vector<std::string>& paths,
      std::vector<Diagnostic>* diagnostics,
      const LoadOptions& options = LoadOptions());

  // Validates and compiles sources as Load() does files, in order: the one
  // path the daemon, the CLI and the registry share once they have read
  // their files. A source larger than options.max_file_bytes is a
  // diagnostic. REQUIRES: diagnostics != nullptr.
  static std::shared_ptr<const RuleSet> Compile(
      const std::vector<RuleSource>& sources,
      std::vector<Diagnostic>* diagnostics,
      const LoadOptions& options = LoadOptions());

  // Same, from text; file_name is used in diagnostics.
  static std::shared_ptr<const RuleSet> LoadFromString(
      std::string_view yaml, std::string_view file_name,
      std::vector<Diagnostic>* diagnostics,
      const LoadOptions& options = LoadOptions());

  ~RuleSet();
  // Not copyable: it owns compiled regexes and Hits point into it. Shared by
  // shared_ptr instead.
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // Every rule that hits text, in rule order (file, taxon, rule as loaded).
  // lang is the post's language hint ("" when unknown); a rule restricted to
  // languages is skipped for a post whose known language is not among them.
  std::vector<Hit> Match(std::string_view text, std::string_view lang) const;
  // Same, with the post's context; Match(text, lang) is
  // Match(text, PostContext{lang}).
  std::vector<Hit> Match(std::string_view text,
                         const PostContext& context) const;

  // text normalised as this set's rules need it, for Match below.
  PreparedPost Prepare(std::string_view text) const;

  // Match(post.text(), lang), without normalising again.
  // REQUIRES: post was made by this set's Prepare.
  std::vector<Hit> Match(const PreparedPost& post, std::string_view lang) const;
  std::vector<Hit> Match(const PreparedPost& post,
                         const PostContext& context) const;

  // Evaluates rules on text as Match() does and records every clause
  // (explain.h). With taxon_id empty: a trace for each rule that hits, in
  // the order of Match()'s hits. Otherwise: a trace for every rule of that
  // taxon, hit or not (none if the set has no such taxon), to show why a
  // post was missed. Tests every pattern of every rule it looks at, so it
  // is for tools and reports, not for the daemon's hot path.
  std::vector<RuleTrace> Explain(std::string_view text, std::string_view lang,
                                 std::string_view taxon_id = {}) const;
  std::vector<RuleTrace> Explain(std::string_view text,
                                 const PostContext& context,
                                 std::string_view taxon_id = {}) const;

  // "<name>@<first 12 hex digits of the SHA-256 of the files' contents>",
  // the contents concatenated in load order. With several files the names
  // are joined by '+' ("cites-core+local@..."). Changes whenever any rule
  // file changes.
  const std::string& version() const;
  const std::vector<Taxon>& taxa() const;
  size_t rule_count() const;
  // Pattern entries over all rules (any + all + unless); a pattern that two
  // rules share counts twice.
  size_t pattern_count() const;

 private:
  struct Impl;
  explicit RuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_RULE_SET_H_
