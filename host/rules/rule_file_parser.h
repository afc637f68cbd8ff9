// RuleFileParser: turns the YAML of one rule file into taxa and compiled
// pattern ids, reporting every problem with its position.
//
// The format is described in docs/rules.md. The parser checks structure
// (known keys, required fields, types), values (ids, appendix, severity,
// languages, terms), uniqueness of rule ids within a taxon, and compiles each
// pattern into the shared PatternPool, which reports invalid regexes. The
// total pattern limit spans files and uses the LoadContext the parsers of
// one load share; taxon ids across files are TaxonMerger's to check.
//
// A format 2 file may also hold lexicons and templates, and its rules may
// hold `$` references. Those are kept as written, with their positions,
// and resolved by RuleResolver once every file is read.
//
// One parser per file; not thread-safe (it appends to shared state).

#ifndef WILDWATCH_HOST_RULES_RULE_FILE_PARSER_H_
#define WILDWATCH_HOST_RULES_RULE_FILE_PARSER_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "host/rules/pattern_pool.h"
#include "host/rules/rule_set.h"

namespace YAML {
class Node;
struct Mark;
}  // namespace YAML

namespace wildwatch::rules {

// Where something was defined, for "first defined at" messages.
struct Location {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown.
  int column = 0;  // 1-based; 0 when unknown.
  std::string ToString() const;
};

// State shared by the parsers of all the files of one load. Every pointer
// is non-null and outlives the parsers.
struct LoadContext {
  const LoadOptions* options;
  PatternPool* pool;
  std::vector<Diagnostic>* diagnostics;
  size_t pattern_entries = 0;  // any + all + unless entries so far.
  bool pattern_limit_reported = false;

  // Counts one more pattern entry, written at `at`. Past the limit returns
  // false, and the first time also appends a diagnostic.
  bool CountPattern(const Location& at);
};

// One entry of a rule's clause: a pattern, compiled while parsing, or a
// `$` reference, resolved after every file is read.
struct ClauseItem {
  std::string text;  // As written; a reference keeps its '$'.
  int id = -1;       // Pool id of a pattern; -1 for a reference.
  Location at;
  bool reference() const { return id < 0; }
};

// A clause hits when any of its items does.
using Clause = std::vector<ClauseItem>;

// One rule's clauses, in the order of Rule's lists.
struct RulePatterns {
  Clause any;
  std::vector<Clause> all;
  Clause unless;
};

// One term of a lexicon or of a taxon's names (docs/rules.md, Terms).
struct Term {
  std::string text;  // A plain term, trimmed; or an RE2 pattern if regex.
  bool regex = false;
  std::string language;  // A BCP 47 tag, or "und".
  bool strict = false;   // Counts only in posts of its language.
  Location at;
};

// A name with where it was written: an include, a product lexicon, a
// template.
struct Reference {
  std::string name;
  Location at;
};

// How an entry (taxon or lexicon) relates to an earlier one with its id.
enum class TaxonLayer {
  kDefine,    // A new entry; an earlier one with its id is an error.
  kOverride,  // `override: true`: replaces an earlier definition whole.
  kExtend,    // `extend: true` (`append: true` for lexicons): adds to it.
};

struct ParsedLexicon {
  std::string id;
  TaxonLayer layer = TaxonLayer::kDefine;
  std::vector<Term> terms;
  std::vector<Reference> includes;
  Location at;  // Of its id.
};

// A template's rules; their ids are local ("offer"), made
// "<taxon id>/offer" for each taxon it applies to.
struct ParsedTemplate {
  std::string id;
  bool is_default = false;
  std::vector<Rule> rules;
  std::vector<RulePatterns> patterns;  // One per rule.
  std::vector<Location> rule_at;
  Location at;
};

struct ParsedTaxon {
  Taxon taxon;
  std::vector<RulePatterns> patterns;  // One per taxon.rules entry.
  TaxonLayer layer = TaxonLayer::kDefine;
  Location at;                    // Of its id.
  std::vector<Location> rule_at;  // Of each rule's id, like patterns.
  // Which optional-for-extend fields the entry gave.
  bool has_scientific_name = false;
  bool has_appendix = false;
  bool has_taxonomy = false;
  // Format 2: rules may come from templates, so none is required.
  bool v2 = false;
  std::vector<Term> names;
  std::vector<Term> context_names;
  std::vector<Reference> products;
  std::vector<Reference> lookalikes;
  bool has_templates = false;
  std::vector<Reference> templates;
};

struct ParsedFile {
  std::string name;  // The file's `name`.
  int format = 1;
  std::vector<ParsedTaxon> taxa;
  std::vector<ParsedLexicon> lexicons;
  std::vector<ParsedTemplate> templates;
};

class RuleFileParser {
 public:
  // file names the file in diagnostics. REQUIRES: context != nullptr and
  // outlives the parser.
  RuleFileParser(std::string file, LoadContext* context);
  RuleFileParser(const RuleFileParser&) = delete;
  RuleFileParser& operator=(const RuleFileParser&) = delete;

  // Parses content. Returns true if it has no problem, with *out filled.
  // Otherwise returns false with every problem appended to the context's
  // diagnostics; *out then holds what was valid and must not be used.
  // REQUIRES: out != nullptr; Parse called at most once.
  bool Parse(const std::string& content, ParsedFile* out);

 private:
  struct Field;
  class Fields;

  void ParseDocument(const std::string& content, ParsedFile* out);
  void ParseTaxon(const YAML::Node& node, ParsedFile* out);
  void ParseLexicon(const YAML::Node& node, ParsedFile* out);
  void ParseTemplate(const YAML::Node& node, ParsedFile* out);
  // Parses one rule; its id is "<prefix>/<id>", or the bare id when prefix
  // is empty (template rules).
  void ParseRule(const YAML::Node& node, const std::string& prefix,
                 std::map<std::string, Location>* rule_ids,
                 std::vector<Rule>* rules, std::vector<RulePatterns>* patterns,
                 std::vector<Location>* rule_at);
  void ParseRules(const Field& field, const std::string& prefix,
                  bool allow_empty, std::vector<Rule>* rules,
                  std::vector<RulePatterns>* patterns,
                  std::vector<Location>* rule_at);
  void ParseCommonNames(const Field& field, Taxon* taxon);
  // Reads a mapping of language code -> list of terms into *terms (and
  // *shown, by language, as written). allow_strict admits a
  // `strict_language` key there (taxon names); strict is the default.
  void ParseTerms(const Field& field, bool allow_strict, bool strict,
                  std::vector<Term>* terms,
                  std::map<std::string, std::vector<std::string>>* shown);
  bool ParseTerm(const YAML::Node& node, const std::string& language,
                 bool strict, Term* term);
  // A list of lexicon or template ids (products, lookalikes, include,
  // templates); lexicon_ids checks them as lexicon ids.
  void ParseReferences(const Field& field, bool lexicon_ids,
                       std::vector<Reference>* out);
  // Format 2 `any` / `unless` (flat) and `all` (items or nested lists).
  void ParseClause(const Field& field, const YAML::Node& list,
                   bool fold_diacritics, std::vector<std::string>* texts,
                   Clause* out);
  bool ParseClauseItem(const Field& field, const YAML::Node& item,
                       bool fold_diacritics, ClauseItem* out);
  // Compiles pattern (written at mark, in field) into the pool; -1 with a
  // diagnostic if it is too long or invalid.
  int CompilePattern(const Field& field, const std::string& pattern,
                     const YAML::Mark& mark, bool fold_diacritics);
  void ParseTaxonomy(const Field& field, Taxonomy* taxonomy);
  void ParseLayer(const Field* override_field, const Field* extend_field,
                  TaxonLayer* layer);
  void ParseNormalize(const Field& field, NormalizeOptions* options);
  // *out = field's value if it is true or false; otherwise a diagnostic.
  bool ReadBool(const Field& field, bool* out);
  // Format 1: compiles each string of field's list into the pool, counting
  // it against the pattern limit; appends the texts to *texts and one item
  // per pattern to *items.
  void ParsePatterns(const Field& field, bool fold_diacritics,
                     std::vector<std::string>* texts, Clause* items);
  // *out = field's value if it is a string; otherwise a diagnostic.
  bool ReadString(const Field& field, std::string* out);
  // *out = field's value if it is a list of strings; otherwise diagnostics.
  bool ReadStringList(const Field& field, std::vector<std::string>* out,
                      std::vector<YAML::Node>* nodes = nullptr);
  // Checks that value matches [a-z0-9-]+.
  bool CheckId(const Field& field, const std::string& value);
  // Checks that value is [a-z0-9-]+ segments joined by '/'.
  bool CheckLexiconId(const YAML::Node& node, const std::string& value);

  Location At(const YAML::Mark& mark) const;
  void Report(const YAML::Mark& mark, std::string message);

  const std::string file_;
  LoadContext* const context_;
  bool v2_ = false;  // The file says `format: 2`.
  size_t problems_ = 0;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_RULE_FILE_PARSER_H_
