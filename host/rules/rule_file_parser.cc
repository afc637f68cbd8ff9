#include "host/rules/rule_file_parser.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace wildwatch::rules {

namespace {

constexpr const char* kFileKeys[] = {"name", "description", "taxa"};
constexpr const char* kFileKeysV2[] = {"format",   "name",      "description",
                                       "lexicons", "templates", "taxa"};
constexpr const char* kTaxonKeys[] = {
    "id",       "scientific_name", "appendix", "common_names",
    "taxonomy", "rules",           "override", "extend"};
constexpr const char* kTaxonKeysV2[] = {
    "id",       "scientific_name", "appendix",  "common_names", "taxonomy",
    "rules",    "override",        "extend",    "names",        "context_names",
    "products", "lookalikes",      "templates", "sources"};
constexpr const char* kLexiconKeys[] = {"id",       "description",    "sources",
                                        "terms",    "include",        "append",
                                        "override", "strict_language"};
constexpr const char* kTemplateKeys[] = {"id", "description", "default",
                                         "rules"};
// Lexicon ids a `$` reference binds to the taxon instead.
constexpr const char* kTaxonReferences[] = {"names", "context-names",
                                            "products", "lookalikes"};
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
  // The format decides which keys are known, so it is read first.
  const YAML::Node format = root["format"];
  if (format.IsDefined()) {
    if (format.IsScalar() && format.Scalar() == "2") {
      v2_ = true;
      out->format = 2;
    } else if (!format.IsScalar() || format.Scalar() != "1") {
      Report(format.Mark(), "'format' must be 1 or 2");
      return;
    }
  }
  Fields fields = v2_ ? Fields(this, root, "rule file", kFileKeysV2)
                      : Fields(this, root, "rule file", kFileKeys);
  if (const Field* name = fields.Require("name")) {
    if (ReadString(*name, &out->name)) CheckId(*name, out->name);
  }
  if (const Field* description = fields.Get("description")) {
    std::string ignored;
    ReadString(*description, &ignored);
  }
  if (const Field* lexicons = fields.Get("lexicons")) {
    if (!lexicons->value.IsSequence()) {
      Report(lexicons->value.Mark(), "'lexicons' must be a list of lexicons");
    } else {
      for (const YAML::Node& lexicon : lexicons->value) {
        ParseLexicon(lexicon, out);
      }
    }
  }
  if (const Field* templates = fields.Get("templates")) {
    if (!templates->value.IsSequence()) {
      Report(templates->value.Mark(),
             "'templates' must be a list of templates");
    } else {
      for (const YAML::Node& t : templates->value) ParseTemplate(t, out);
    }
  }
  if (const Field* taxa = v2_ ? fields.Get("taxa") : fields.Require("taxa")) {
    if (!taxa->value.IsSequence()) {
      Report(taxa->value.Mark(), "'taxa' must be a list of taxa");
    } else if (taxa->value.size() == 0 && !v2_) {
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
               (v2_ ? JoinKeys(kTaxonKeysV2) : JoinKeys(kTaxonKeys)));
    return;
  }
  Fields fields = v2_ ? Fields(this, node, "taxon", kTaxonKeysV2)
                      : Fields(this, node, "taxon", kTaxonKeys);
  ParsedTaxon parsed;
  parsed.v2 = v2_;
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
  if (const Field* names = fields.Get("names")) {
    ParseTerms(*names, /*allow_strict=*/true, false, &parsed.names,
               &taxon.names);
  }
  if (const Field* names = fields.Get("context_names")) {
    ParseTerms(*names, /*allow_strict=*/true, false, &parsed.context_names,
               &taxon.context_names);
  }
  if (const Field* products = fields.Get("products")) {
    ParseReferences(*products, /*lexicon_ids=*/true, &parsed.products);
  }
  if (const Field* lookalikes = fields.Get("lookalikes")) {
    ParseReferences(*lookalikes, /*lexicon_ids=*/true, &parsed.lookalikes);
  }
  if (const Field* templates = fields.Get("templates")) {
    parsed.has_templates = true;
    ParseReferences(*templates, /*lexicon_ids=*/false, &parsed.templates);
  }
  for (const auto& [references, names] :
       {std::pair{&parsed.products, &taxon.products},
        std::pair{&parsed.lookalikes, &taxon.lookalikes},
        std::pair{&parsed.templates, &taxon.templates}}) {
    for (const Reference& r : *references) names->push_back(r.name);
  }
  if (const Field* sources = fields.Get("sources")) {
    std::vector<std::string> ignored;
    ReadStringList(*sources, &ignored);
  }
  // Format 2 taxa may get every rule from templates.
  if (const Field* rules = v2_ ? fields.Get("rules") : get("rules")) {
    ParseRules(*rules, taxon.id, /*allow_empty=*/extend || v2_, &taxon.rules,
               &parsed.patterns, &parsed.rule_at);
  }
  out->taxa.push_back(std::move(parsed));
}

void RuleFileParser::ParseRules(const Field& field, const std::string& prefix,
                                bool allow_empty, std::vector<Rule>* rules,
                                std::vector<RulePatterns>* patterns,
                                std::vector<Location>* rule_at) {
  if (!field.value.IsSequence()) {
    Report(field.value.Mark(), "'rules' must be a list of rules");
  } else if (field.value.size() == 0 && !allow_empty) {
    Report(field.value.Mark(), "'rules' must list at least one rule");
  } else {
    std::map<std::string, Location> rule_ids;
    for (const YAML::Node& rule : field.value) {
      ParseRule(rule, prefix, &rule_ids, rules, patterns, rule_at);
    }
  }
}

void RuleFileParser::ParseLexicon(const YAML::Node& node, ParsedFile* out) {
  if (!node.IsMap()) {
    Report(node.Mark(),
           "each entry of 'lexicons' must be a mapping with the keys " +
               JoinKeys(kLexiconKeys));
    return;
  }
  Fields fields(this, node, "lexicon", kLexiconKeys);
  ParsedLexicon lexicon;
  if (const Field* id = fields.Require("id")) {
    lexicon.at = At(id->value.Mark());
    if (ReadString(*id, &lexicon.id) && CheckLexiconId(id->value, lexicon.id)) {
      for (const char* reserved : kTaxonReferences) {
        if (lexicon.id == reserved) {
          Report(id->value.Mark(),
                 "lexicon id '" + lexicon.id + "' is reserved: $" + lexicon.id +
                     " stands for the taxon's own " + lexicon.id);
        }
      }
    }
  }
  ParseLayer(fields.Get("override"), fields.Get("append"), &lexicon.layer);
  bool strict = false;
  if (const Field* f = fields.Get("strict_language")) ReadBool(*f, &strict);
  if (const Field* description = fields.Get("description")) {
    std::string ignored;
    ReadString(*description, &ignored);
  }
  if (const Field* sources = fields.Get("sources")) {
    std::vector<std::string> ignored;
    ReadStringList(*sources, &ignored);
  }
  const Field* terms = fields.Get("terms");
  const Field* include = fields.Get("include");
  if (terms == nullptr && include == nullptr) {
    Report(node.Mark(),
           "lexicon '" + lexicon.id + "' has neither 'terms' nor 'include'");
  }
  if (terms != nullptr) {
    ParseTerms(*terms, /*allow_strict=*/false, strict, &lexicon.terms, nullptr);
  }
  if (include != nullptr) {
    ParseReferences(*include, /*lexicon_ids=*/true, &lexicon.includes);
  }
  out->lexicons.push_back(std::move(lexicon));
}

void RuleFileParser::ParseTemplate(const YAML::Node& node, ParsedFile* out) {
  if (!node.IsMap()) {
    Report(node.Mark(),
           "each entry of 'templates' must be a mapping with the keys " +
               JoinKeys(kTemplateKeys));
    return;
  }
  Fields fields(this, node, "template", kTemplateKeys);
  ParsedTemplate parsed;
  if (const Field* id = fields.Require("id")) {
    parsed.at = At(id->value.Mark());
    if (ReadString(*id, &parsed.id)) CheckId(*id, parsed.id);
  }
  if (const Field* f = fields.Get("default")) ReadBool(*f, &parsed.is_default);
  if (const Field* description = fields.Get("description")) {
    std::string ignored;
    ReadString(*description, &ignored);
  }
  if (const Field* rules = fields.Require("rules")) {
    ParseRules(*rules, "", /*allow_empty=*/false, &parsed.rules,
               &parsed.patterns, &parsed.rule_at);
  }
  out->templates.push_back(std::move(parsed));
}

void RuleFileParser::ParseTerms(
    const Field& field, bool allow_strict, bool strict,
    std::vector<Term>* terms,
    std::map<std::string, std::vector<std::string>>* shown) {
  if (!field.value.IsMap()) {
    Report(field.value.Mark(), "'" + field.key +
                                   "' must map language codes (or und) to "
                                   "lists of terms");
    return;
  }
  if (allow_strict) {
    const YAML::Node flag = field.value["strict_language"];
    if (flag.IsDefined()) {
      ReadBool(Field{"strict_language", flag, flag}, &strict);
    }
  }
  for (const auto& pair : field.value) {
    const Field entry{pair.first.IsScalar() ? pair.first.Scalar() : "",
                      pair.first, pair.second};
    if (allow_strict && entry.key == "strict_language") continue;
    if (!IsLanguageRange(entry.key)) {
      Report(entry.key_node.Mark(), "'" + entry.key +
                                        "' is not a language code such as "
                                        "en, zh-Hans or und");
      continue;
    }
    if (!entry.value.IsSequence()) {
      Report(entry.value.Mark(),
             "the terms of '" + entry.key + "' must be a list");
      continue;
    }
    for (const YAML::Node& item : entry.value) {
      Term term;
      // "und" terms are language-neutral: never bound to a language.
      if (!ParseTerm(item, entry.key, strict && entry.key != "und", &term)) {
        continue;
      }
      if (shown != nullptr) {
        (*shown)[entry.key].push_back(term.regex ? "re:" + term.text
                                                 : term.text);
      }
      terms->push_back(std::move(term));
    }
  }
}

bool RuleFileParser::ParseTerm(const YAML::Node& node,
                               const std::string& language, bool strict,
                               Term* term) {
  term->language = language;
  term->strict = strict;
  term->at = At(node.Mark());
  const LoadOptions& options = *context_->options;
  if (node.IsMap()) {
    const YAML::Node re = node["re"];
    if (node.size() != 1 || !re.IsDefined() || !re.IsScalar()) {
      Report(node.Mark(), "a term is a string, or {re: 'RE2 pattern'}");
      return false;
    }
    term->regex = true;
    term->text = re.Scalar();
    if (term->text.size() > options.max_pattern_bytes) {
      Report(re.Mark(), "term is " + std::to_string(term->text.size()) +
                            " bytes; the limit is " +
                            std::to_string(options.max_pattern_bytes));
      return false;
    }
    // Compiled now for a diagnostic at the term even if no rule uses it;
    // the pool keeps it for the rules that do.
    std::string error;
    if (context_->pool->Add(term->text, &error) < 0) {
      Report(re.Mark(), "invalid term pattern: " + error);
      return false;
    }
    return true;
  }
  if (!node.IsScalar()) {
    Report(node.Mark(), "a term is a string, or {re: 'RE2 pattern'}");
    return false;
  }
  std::string text = node.Scalar();
  const size_t first = text.find_first_not_of(" \t\r\n");
  const size_t last = text.find_last_not_of(" \t\r\n");
  text = first == std::string::npos ? "" : text.substr(first, last - first + 1);
  if (text.find_first_not_of("* ") == std::string::npos) {
    Report(node.Mark(), "term '" + node.Scalar() +
                            "' has no text to match (a term needs letters, "
                            "digits or symbols besides '*')");
    return false;
  }
  if (text.size() > options.max_pattern_bytes) {
    Report(node.Mark(), "term is " + std::to_string(text.size()) +
                            " bytes; the limit is " +
                            std::to_string(options.max_pattern_bytes));
    return false;
  }
  term->text = std::move(text);
  return true;
}

void RuleFileParser::ParseReferences(const Field& field, bool lexicon_ids,
                                     std::vector<Reference>* out) {
  std::vector<std::string> names;
  std::vector<YAML::Node> nodes;
  if (!ReadStringList(field, &names, &nodes)) return;
  for (size_t i = 0; i < names.size(); ++i) {
    // Written with or without the '$' of a rule's reference.
    std::string name = names[i];
    if (lexicon_ids && !name.empty() && name[0] == '$') name.erase(0, 1);
    if (lexicon_ids ? !CheckLexiconId(nodes[i], name) : !IsId(name)) {
      if (!lexicon_ids) {
        Report(nodes[i].Mark(), "'" + name + "' is not a template id");
      }
      continue;
    }
    out->push_back(Reference{std::move(name), At(nodes[i].Mark())});
  }
}

void RuleFileParser::ParseLayer(const Field* override_field,
                                const Field* extend_field, TaxonLayer* layer) {
  bool override_taxon = false;
  bool extend_taxon = false;
  if (override_field != nullptr) ReadBool(*override_field, &override_taxon);
  if (extend_field != nullptr) ReadBool(*extend_field, &extend_taxon);
  if (override_taxon && extend_taxon) {
    Report(extend_field->key_node.Mark(),
           std::string("a ") +
               (extend_field->key == "append" ? "lexicon" : "taxon") +
               " may have 'override' or '" + extend_field->key + "', not both");
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
                               const std::string& prefix,
                               std::map<std::string, Location>* rule_ids,
                               std::vector<Rule>* rules,
                               std::vector<RulePatterns>* patterns,
                               std::vector<Location>* rules_at) {
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
               "duplicate rule id '" + local + "' in " +
                   (prefix.empty() ? std::string("template")
                                   : "taxon '" + prefix + "'") +
                   "; first defined at " + first->second.ToString());
      }
      rule.id = prefix.empty() ? local : prefix + "/" + local;
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
    } else if (v2_) {
      ParseClause(*any, any->value, fold, &rule.any, &ids.any);
    } else {
      ParsePatterns(*any, fold, &rule.any, &ids.any);
    }
  }
  if (const Field* all = fields.Get("all")) {
    if (v2_ && all->value.IsSequence()) {
      // Each entry is one clause; a nested list is a clause of several.
      for (const YAML::Node& entry : all->value) {
        std::vector<std::string>& texts = rule.all.emplace_back();
        Clause& clause = ids.all.emplace_back();
        if (entry.IsSequence()) {
          if (entry.size() == 0) {
            Report(entry.Mark(), "a nested list in 'all' must not be empty");
          }
          ParseClause(*all, entry, fold, &texts, &clause);
        } else {
          ClauseItem item;
          if (ParseClauseItem(*all, entry, fold, &item)) {
            texts.push_back(item.text);
            clause.push_back(std::move(item));
          }
        }
        if (clause.empty()) {
          rule.all.pop_back();
          ids.all.pop_back();
        }
      }
    } else {
      std::vector<std::string> texts;
      Clause items;
      ParsePatterns(*all, fold, &texts, &items);
      for (size_t i = 0; i < items.size(); ++i) {
        rule.all.push_back({texts[i]});
        ids.all.push_back({std::move(items[i])});
      }
    }
  }
  if (const Field* unless = fields.Get("unless")) {
    if (v2_) {
      ParseClause(*unless, unless->value, fold, &rule.unless, &ids.unless);
    } else {
      ParsePatterns(*unless, fold, &rule.unless, &ids.unless);
    }
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
  rules->push_back(std::move(rule));
  patterns->push_back(std::move(ids));
  rules_at->push_back(std::move(rule_at));
}

bool LoadContext::CountPattern(const Location& at) {
  if (++pattern_entries <= options->max_patterns) return true;
  // Reported once: past the limit every further pattern is the same
  // problem, and compiling them would cost what the limit protects.
  if (!pattern_limit_reported) {
    pattern_limit_reported = true;
    diagnostics->push_back(
        Diagnostic{at.file, at.line, at.column,
                   "too many patterns: the rule set may have at most " +
                       std::to_string(options->max_patterns) +
                       " (any, all and unless entries together, "
                       "after expanding references)"});
  }
  return false;
}

void RuleFileParser::ParsePatterns(const Field& field, bool fold_diacritics,
                                   std::vector<std::string>* texts,
                                   Clause* items) {
  std::vector<std::string> patterns;
  std::vector<YAML::Node> nodes;
  if (!ReadStringList(field, &patterns, &nodes)) return;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const YAML::Mark mark = nodes[i].Mark();
    if (!context_->CountPattern(At(mark))) {
      ++problems_;
      continue;
    }
    const int id = CompilePattern(field, patterns[i], mark, fold_diacritics);
    if (id < 0) continue;
    texts->push_back(patterns[i]);
    items->push_back(ClauseItem{patterns[i], id, At(mark)});
  }
}

int RuleFileParser::CompilePattern(const Field& field,
                                   const std::string& pattern,
                                   const YAML::Mark& mark,
                                   bool fold_diacritics) {
  const LoadOptions& options = *context_->options;
  if (pattern.size() > options.max_pattern_bytes) {
    Report(mark, "pattern in '" + field.key + "' is " +
                     std::to_string(pattern.size()) + " bytes; the limit is " +
                     std::to_string(options.max_pattern_bytes));
    return -1;
  }
  std::string error;
  const int id = context_->pool->Add(pattern, &error, fold_diacritics);
  if (id < 0) Report(mark, "invalid pattern in '" + field.key + "': " + error);
  return id;
}

void RuleFileParser::ParseClause(const Field& field, const YAML::Node& list,
                                 bool fold_diacritics,
                                 std::vector<std::string>* texts, Clause* out) {
  if (!list.IsSequence()) {
    Report(list.Mark(),
           "'" + field.key + "' must be a list of patterns and $references");
    return;
  }
  for (const YAML::Node& node : list) {
    ClauseItem item;
    if (!ParseClauseItem(field, node, fold_diacritics, &item)) continue;
    texts->push_back(item.text);
    out->push_back(std::move(item));
  }
}

bool RuleFileParser::ParseClauseItem(const Field& field, const YAML::Node& node,
                                     bool fold_diacritics, ClauseItem* out) {
  if (!node.IsScalar()) {
    Report(node.Mark(), "each entry of '" + field.key +
                            "' must be a pattern or a " + "$reference" +
                            (field.key == "all" ? ", or a list of them" : ""));
    return false;
  }
  out->text = node.Scalar();
  out->at = At(node.Mark());
  if (out->text.empty() || out->text[0] != '$') {
    // A plain pattern: counted and compiled now, as in format 1; the
    // resolver counts what references expand to.
    if (!context_->CountPattern(out->at)) {
      ++problems_;
      return false;
    }
    out->id = CompilePattern(field, out->text, node.Mark(), fold_diacritics);
    return out->id >= 0;
  }
  const std::string name = out->text.substr(1);
  if (name.rfind("post:", 0) == 0) {
    if (name != "post:offer") {
      Report(node.Mark(), "unknown post reference '" + out->text +
                              "'; the one there is is $post:offer");
      return false;
    }
    if (field.key == "any") {
      Report(node.Mark(),
             "$post:offer cannot be in 'any': it has no text to show as "
             "evidence; put it in 'all' or 'unless'");
      return false;
    }
    return true;
  }
  return CheckLexiconId(node, name);
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

bool RuleFileParser::CheckLexiconId(const YAML::Node& node,
                                    const std::string& value) {
  bool ok = !value.empty() && value.front() != '/' && value.back() != '/' &&
            value.find("//") == std::string::npos;
  for (char c : value) ok = ok && (IsId(std::string(1, c)) || c == '/');
  if (!ok) {
    Report(node.Mark(), "'" + value +
                            "' is not a lexicon id: lowercase letters, "
                            "digits and '-', in segments joined by '/' "
                            "(like trade/offer)");
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
