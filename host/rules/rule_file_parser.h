// RuleFileParser: turns the YAML of one rule file into taxa and compiled
// pattern ids, reporting every problem with its position.
//
// The format is described in docs/rules.md. The parser checks structure
// (known keys, required fields, types), values (ids, appendix, severity,
// languages), uniqueness of rule ids within a taxon, and compiles each
// pattern into the shared PatternPool, which reports invalid regexes. The
// total pattern limit spans files and uses the LoadContext the parsers of
// one load share; taxon ids across files are TaxonMerger's to check.
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
};

// The pool ids of one rule's patterns, in the order of Rule's lists.
struct RulePatterns {
  std::vector<int> any;
  std::vector<int> all;
  std::vector<int> unless;
};

// How a taxon entry relates to an earlier definition of the same id.
enum class TaxonLayer {
  kDefine,    // A new taxon; an earlier one with its id is an error.
  kOverride,  // `override: true`: replaces an earlier definition whole.
  kExtend,    // `extend: true`: adds rules and names to an earlier one.
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
};

struct ParsedFile {
  std::string name;  // The file's `name`.
  std::vector<ParsedTaxon> taxa;
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
  void ParseRule(const YAML::Node& node, const std::string& taxon_id,
                 std::map<std::string, Location>* rule_ids,
                 ParsedTaxon* parsed);
  void ParseCommonNames(const Field& field, Taxon* taxon);
  void ParseTaxonomy(const Field& field, Taxonomy* taxonomy);
  void ParseLayer(const Field* override_field, const Field* extend_field,
                  TaxonLayer* layer);
  void ParseNormalize(const Field& field, NormalizeOptions* options);
  // *out = field's value if it is true or false; otherwise a diagnostic.
  bool ReadBool(const Field& field, bool* out);
  // Compiles each string of field's list into the pool; on success appends
  // the texts to *texts and the ids to *ids.
  void ParsePatterns(const Field& field, bool fold_diacritics,
                     std::vector<std::string>* texts, std::vector<int>* ids);
  // *out = field's value if it is a string; otherwise a diagnostic.
  bool ReadString(const Field& field, std::string* out);
  // *out = field's value if it is a list of strings; otherwise diagnostics.
  bool ReadStringList(const Field& field, std::vector<std::string>* out,
                      std::vector<YAML::Node>* nodes = nullptr);
  // Checks that value matches [a-z0-9-]+.
  bool CheckId(const Field& field, const std::string& value);

  Location At(const YAML::Mark& mark) const;
  void Report(const YAML::Mark& mark, std::string message);

  const std::string file_;
  LoadContext* const context_;
  size_t problems_ = 0;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_RULE_FILE_PARSER_H_
