#include "host/rules/rule_file_parser.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace wildwatch::rules {

namespace {

constexpr const char* kFileKeys[] = {"name", "description", "taxa"};
constexpr const char* kTaxonKeys[] = {
    "id",       "scientific_name", "appendix", "common_names",
    "taxonomy", "rules",           "override", "extend"};
constexpr const char* kRuleKeys[] = {"id",     "severity",  "any",      "all",
                                     "unless", "languages", "normalize"};
constexpr const char* kTaxonomyKeys[] = {"kingdom", "phylum", "class", "order",
                                         "family"};
constexpr const char* kNormalizeKeys[] = {"leet", "separators", "homoglyphs",
                                          "diacritics"};

template <size_t N>
std::string JoinKeys(const char* const (&keys)[N]) {
  std::string out;
  for (const char* key : keys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

bool IsId(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

// A BCP 47 language range as rules use it: "en", "zh-Hans", "pt-BR".
bool IsLanguageRange(const std::string& s) {
  size_t subtag = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (subtag == 0 || subtag > 8) return false;
      subtag = 0;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    // The primary subtag is letters only; later subtags may have digits.
    if (!(std::isalpha(c) || (std::isdigit(c) && i > 0 && s.find('-') < i))) {
      return false;
    }
    ++subtag;
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string Location::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

// One key: value entry of a mapping.
struct RuleFileParser::Field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// The entries of one mapping, checked against the keys allowed there.
class RuleFileParser::Fields {
 public:
  // Reports unknown and repeated keys of map (what names the mapping in
  // messages, e.g. "rule"). REQUIRES: map.IsMap().
  template <size_t N>
  Fields(RuleFileParser* parser, const YAML::Node& map, const char* what,
         const char* const (&allowed)[N])
      : parser_(parser), map_(map), what_(what) {
    for (const auto& entry : map) {
      const YAML::Node key = entry.first;
      if (!key.IsScalar()) {
        parser->Report(key.Mark(), std::string("keys of a ") + what +
                                       " must be plain words");
        continue;
      }
      const std::string& name = key.Scalar();
      bool known = false;
      for (const char* a : allowed) known = known || name == a;
      if (!known) {
        parser->Report(key.Mark(), "unknown key '" + name + "' in " + what +
                                       "; allowed keys: " + JoinKeys(allowed));
        continue;
      }
      if (const Field* first = Get(name)) {
        parser->Report(key.Mark(),
                       "duplicate key '" + name + "' in " + what +
                           "; first given at " +
                           parser->At(first->key_node.Mark()).ToString());
        continue;
      }
      fields_.push_back(Field{name, key, entry.second});
    }
  }

  // The field, or null if absent. A key given with no value (`key:`)
  // counts as absent.
  const Field* Get(const std::string& key) const {
    for (const Field& f : fields_) {
      if (f.key == key) return f.value.IsNull() ? nullptr : &f;
    }
    return nullptr;
  }

  // The field; if absent, reports it (at the mapping, or at the key when it
  // is there without a value) and returns null.
  const Field* Require(const std::string& key) const {
    if (const Field* f = Get(key)) return f;
    for (const Field& f : fields_) {
      if (f.key == key) {
        parser_->Report(f.key_node.Mark(), "'" + key + "' has no value");
        return nullptr;
      }
    }
    parser_->Report(map_.Mark(), std::string(what_) +
                                     " is missing required key '" + key + "'");
    return nullptr;
  }

 private:
  RuleFileParser* const parser_;
  const YAML::Node map_;
  const char* const what_;
  std::vector<Field> fields_;
};

RuleFileParser::RuleFileParser(std::string file, LoadContext* context)
    : file_(std::move(file)), context_(context) {}

Location RuleFileParser::At(const YAML::Mark& mark) const {
  // yaml-cpp marks are 0-based, and -1 when the node has no position.
  Location location{file_, 0, 0};
  if (mark.line >= 0) location.line = mark.line + 1;
  if (mark.column >= 0) location.column = mark.column + 1;
  return location;
}

void RuleFileParser::Report(const YAML::Mark& mark, std::string message) {
  Location at = At(mark);
  context_->diagnostics->push_back(
      Diagnostic{std::move(at.file), at.line, at.column, std::move(message)});
  ++problems_;
}

bool RuleFileParser::Parse(const std::string& content, ParsedFile* out) {
  const size_t first = context_->diagnostics->size();
  ParseDocument(content, out);
  // Checks run by kind, not top to bottom; report in reading order.
  std::stable_sort(
      context_->diagnostics->begin() + first, context_->diagnostics->end(),
      [](const Diagnostic& a, const Diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
      });
  return problems_ == 0;
}

void RuleFileParser::ParseDocument(const std::string& content,
                                   ParsedFile* out) {
  YAML::Node root;
  try {
    root = YAML::Load(content);
  } catch (const YAML::Exception& e) {
    Report(e.mark, "YAML syntax error: " + e.msg);
    return;
  }
  if (!root.IsMap()) {
    Report(
        root.IsDefined() && !root.IsNull() ? root.Mark() : YAML::Mark(),
        "a rule file must be a mapping with the keys " + JoinKeys(kFileKeys));
    return;
  }
  Fields fields(this, root, "rule file", kFileKeys);
  if (const Field* name = fields.Require("name")) {
    if (ReadString(*name, &out->name)) CheckId(*name, out->name);
  }
  if (const Field* description = fields.Get("description")) {
    std::string ignored;
    ReadString(*description, &ignored);
  }
  if (const Field* taxa = fields.Require("taxa")) {
    if (!taxa->value.IsSequence()) {
      Report(taxa->value.Mark(), "'taxa' must be a list of taxa");
    } else if (taxa->value.size() == 0) {
      Report(taxa->value.Mark(), "'taxa' must list at least one taxon");
    } else {
      for (const YAML::Node& taxon : taxa->value) ParseTaxon(taxon, out);
    }
  }
}

void RuleFileParser::ParseTaxon(const YAML::Node& node, ParsedFile* out) {
  if (!node.IsMap()) {
    Report(node.Mark(),
           "each entry of 'taxa' must be a mapping with the keys " +
               JoinKeys(kTaxonKeys));
    return;
  }
  Fields fields(this, node, "taxon", kTaxonKeys);
  ParsedTaxon parsed;
  Taxon& taxon = parsed.taxon;
  ParseLayer(fields.Get("override"), fields.Get("extend"), &parsed.layer);
  // An extension may give only what it adds; TaxonMerger checks the rest
  // once it knows whether there is anything to extend.
  const bool extend = parsed.layer == TaxonLayer::kExtend;
  const auto get = [&](const char* key) {
    return extend ? fields.Get(key) : fields.Require(key);
  };
  if (const Field* id = fields.Require("id")) {
    if (ReadString(*id, &taxon.id)) CheckId(*id, taxon.id);
    parsed.at = At(id->value.Mark());
  }
  if (const Field* name = get("scientific_name")) {
    parsed.has_scientific_name = ReadString(*name, &taxon.scientific_name);
  }
  if (const Field* appendix = get("appendix")) {
    parsed.has_appendix = ReadString(*appendix, &taxon.appendix);
    if (parsed.has_appendix && taxon.appendix != "I" &&
        taxon.appendix != "II" && taxon.appendix != "III") {
      Report(appendix->value.Mark(),
             "appendix must be I, II or III, not '" + taxon.appendix + "'");
    }
  }
  if (const Field* names = fields.Get("common_names")) {
    ParseCommonNames(*names, &taxon);
  }
  if (const Field* taxonomy = fields.Get("taxonomy")) {
    parsed.has_taxonomy = true;
    ParseTaxonomy(*taxonomy, &taxon.taxonomy);
  }
  if (const Field* rules = get("rules")) {
    if (!rules->value.IsSequence()) {
      Report(rules->value.Mark(), "'rules' must be a list of rules");
    } else if (rules->value.size() == 0 && !extend) {
      Report(rules->value.Mark(), "'rules' must list at least one rule");
    } else {
      std::map<std::string, Location> rule_ids;
      for (const YAML::Node& rule : rules->value) {
        ParseRule(rule, taxon.id, &rule_ids, &parsed);
      }
    }
  }
  out->taxa.push_back(std::move(parsed));
}

void RuleFileParser::ParseLayer(const Field* override_field,
                                const Field* extend_field, TaxonLayer* layer) {
  bool override_taxon = false;
  bool extend_taxon = false;
  if (override_field != nullptr) ReadBool(*override_field, &override_taxon);
  if (extend_field != nullptr) ReadBool(*extend_field, &extend_taxon);
  if (override_taxon && extend_taxon) {
    Report(extend_field->key_node.Mark(),
           "a taxon may have 'override' or 'extend', not both");
    return;
  }
  if (override_taxon) *layer = TaxonLayer::kOverride;
  if (extend_taxon) *layer = TaxonLayer::kExtend;
}

void RuleFileParser::ParseTaxonomy(const Field& field, Taxonomy* taxonomy) {
  if (!field.value.IsMap()) {
    Report(field.value.Mark(), "'taxonomy' must be a mapping with the keys " +
                                   JoinKeys(kTaxonomyKeys));
    return;
  }
  Fields fields(this, field.value, "taxonomy", kTaxonomyKeys);
  for (auto [key, value] : {std::pair{"kingdom", &taxonomy->kingdom},
                            std::pair{"phylum", &taxonomy->phylum},
                            std::pair{"class", &taxonomy->class_name},
                            std::pair{"order", &taxonomy->order},
                            std::pair{"family", &taxonomy->family}}) {
    if (const Field* f = fields.Get(key)) ReadString(*f, value);
  }
}

void RuleFileParser::ParseNormalize(const Field& field,
                                    NormalizeOptions* options) {
  if (!field.value.IsMap()) {
    Report(field.value.Mark(), "'normalize' must be a mapping with the keys " +
                                   JoinKeys(kNormalizeKeys));
    return;
  }
  Fields fields(this, field.value, "normalize", kNormalizeKeys);
  for (auto [key, value] : {std::pair{"leet", &options->leet},
                            std::pair{"separators", &options->separators},
                            std::pair{"homoglyphs", &options->homoglyphs},
                            std::pair{"diacritics", &options->diacritics}}) {
    if (const Field* f = fields.Get(key)) ReadBool(*f, value);
  }
}

bool RuleFileParser::ReadBool(const Field& field, bool* out) {
  if (field.value.IsScalar()) {
    const std::string& v = field.value.Scalar();
    if (v == "true" || v == "false") {
      *out = v == "true";
      return true;
    }
  }
  Report(field.value.Mark(), "'" + field.key + "' must be true or false");
  return false;
}

void RuleFileParser::ParseCommonNames(const Field& field, Taxon* taxon) {
  if (!field.value.IsMap()) {
    Report(field.value.Mark(),
           "'common_names' must map language codes to lists of names");
    return;
  }
  for (const auto& pair : field.value) {
    const Field entry{pair.first.IsScalar() ? pair.first.Scalar() : "",
                      pair.first, pair.second};
    if (!IsLanguageRange(entry.key)) {
      Report(entry.key_node.Mark(),
             "'" + entry.key + "' is not a language code such as en or pt-BR");
      continue;
    }
    std::vector<std::string> names;
    if (ReadStringList(entry, &names)) {
      taxon->common_names[entry.key] = std::move(names);
    }
  }
}

void RuleFileParser::ParseRule(const YAML::Node& node,
                               const std::string& taxon_id,
                               std::map<std::string, Location>* rule_ids,
                               ParsedTaxon* parsed) {
  if (!node.IsMap()) {
    Report(node.Mark(),
           "each entry of 'rules' must be a mapping with the keys " +
               JoinKeys(kRuleKeys));
    return;
  }
  Fields fields(this, node, "rule", kRuleKeys);
  Rule rule;
  RulePatterns ids;
  Location rule_at{file_, 0, 0};
  if (const Field* id = fields.Require("id")) {
    rule_at = At(id->value.Mark());
    std::string local;
    if (ReadString(*id, &local) && CheckId(*id, local)) {
      auto [first, inserted] = rule_ids->emplace(local, At(id->value.Mark()));
      if (!inserted) {
        Report(id->value.Mark(),
               "duplicate rule id '" + local + "' in taxon '" + taxon_id +
                   "'; first defined at " + first->second.ToString());
      }
      rule.id = taxon_id + "/" + local;
    }
  }
  if (const Field* severity = fields.Get("severity")) {
    std::string name;
    if (ReadString(*severity, &name) && !ParseSeverity(name, &rule.severity)) {
      Report(
          severity->value.Mark(),
          "severity must be low, medium, high or critical, not '" + name + "'");
    }
  }
  // Before the patterns: diacritic folding changes how they compile.
  if (const Field* normalize = fields.Get("normalize")) {
    ParseNormalize(*normalize, &rule.normalize);
  }
  const bool fold = rule.normalize.diacritics;
  if (const Field* any = fields.Require("any")) {
    if (any->value.IsSequence() && any->value.size() == 0) {
      Report(any->value.Mark(), "'any' must list at least one pattern");
    } else {
      ParsePatterns(*any, fold, &rule.any, &ids.any);
    }
  }
  if (const Field* all = fields.Get("all")) {
    ParsePatterns(*all, fold, &rule.all, &ids.all);
  }
  if (const Field* unless = fields.Get("unless")) {
    ParsePatterns(*unless, fold, &rule.unless, &ids.unless);
  }
  if (const Field* languages = fields.Get("languages")) {
    std::vector<YAML::Node> nodes;
    if (ReadStringList(*languages, &rule.languages, &nodes)) {
      for (size_t i = 0; i < nodes.size(); ++i) {
        if (!IsLanguageRange(rule.languages[i])) {
          Report(nodes[i].Mark(), "'" + rule.languages[i] +
                                      "' is not a language code such as en "
                                      "or pt-BR");
        }
        rule.languages[i] = Lower(rule.languages[i]);
      }
    }
  }
  parsed->taxon.rules.push_back(std::move(rule));
  parsed->patterns.push_back(std::move(ids));
  parsed->rule_at.push_back(std::move(rule_at));
}

void RuleFileParser::ParsePatterns(const Field& field, bool fold_diacritics,
                                   std::vector<std::string>* texts,
                                   std::vector<int>* ids) {
  std::vector<std::string> patterns;
  std::vector<YAML::Node> nodes;
  if (!ReadStringList(field, &patterns, &nodes)) return;
  const LoadOptions& options = *context_->options;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string& pattern = patterns[i];
    const YAML::Mark mark = nodes[i].Mark();
    if (++context_->pattern_entries > options.max_patterns) {
      // Reported once: past the limit every further pattern is the same
      // problem, and compiling them would cost what the limit protects.
      if (!context_->pattern_limit_reported) {
        context_->pattern_limit_reported = true;
        Report(mark, "too many patterns: the rule set may have at most " +
                         std::to_string(options.max_patterns) +
                         " (any, all and unless entries together)");
      }
      continue;
    }
    if (pattern.size() > options.max_pattern_bytes) {
      Report(mark, "pattern in '" + field.key + "' is " +
                       std::to_string(pattern.size()) +
                       " bytes; the limit is " +
                       std::to_string(options.max_pattern_bytes));
      continue;
    }
    std::string error;
    const int id = context_->pool->Add(pattern, &error, fold_diacritics);
    if (id < 0) {
      Report(mark, "invalid pattern in '" + field.key + "': " + error);
      continue;
    }
    texts->push_back(pattern);
    ids->push_back(id);
  }
}

bool RuleFileParser::ReadString(const Field& field, std::string* out) {
  if (!field.value.IsScalar()) {
    Report(field.value.Mark(), "'" + field.key + "' must be a string");
    return false;
  }
  *out = field.value.Scalar();
  return true;
}

bool RuleFileParser::ReadStringList(const Field& field,
                                    std::vector<std::string>* out,
                                    std::vector<YAML::Node>* nodes) {
  if (!field.value.IsSequence()) {
    Report(field.value.Mark(), "'" + field.key + "' must be a list of strings");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : field.value) {
    if (!item.IsScalar()) {
      Report(item.Mark(), "each entry of '" + field.key + "' must be a string");
      ok = false;
      continue;
    }
    out->push_back(item.Scalar());
    if (nodes != nullptr) nodes->push_back(item);
  }
  return ok;
}

bool RuleFileParser::CheckId(const Field& field, const std::string& value) {
  if (IsId(value)) return true;
  Report(field.value.Mark(),
         "'" + field.key +
             "' must be lowercase letters, "
             "digits and '-' (like loxodonta-africana), not '" +
             value + "'");
  return false;
}

}  // namespace wildwatch::rules
