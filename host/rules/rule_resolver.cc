#include "host/rules/rule_resolver.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "host/rules/pattern_pool.h"
#include "host/rules/term_patterns.h"

namespace wildwatch::rules {

namespace {

bool AnyAlternative(const std::vector<std::vector<Alternative>>& items) {
  return std::any_of(items.begin(), items.end(),
                     [](const auto& item) { return !item.empty(); });
}

std::vector<const Term*> Pointers(const std::vector<Term>& terms) {
  std::vector<const Term*> out;
  out.reserve(terms.size());
  for (const Term& term : terms) out.push_back(&term);
  return out;
}

}  // namespace

RuleResolver::RuleResolver(LoadContext* context)
    : context_(context), lexicons_(context->diagnostics) {}

void RuleResolver::Report(const Location& at, std::string message) {
  context_->diagnostics->push_back(
      Diagnostic{at.file, at.line, at.column, std::move(message)});
  ++problems_;
}

void RuleResolver::Add(ParsedLexicon lexicon) {
  lexicons_.Add(std::move(lexicon));
}

void RuleResolver::Add(ParsedTemplate parsed) {
  auto [it, inserted] = template_index_.emplace(parsed.id, templates_.size());
  if (!inserted) {
    Report(parsed.at, "duplicate template id '" + parsed.id +
                          "'; first defined at " +
                          templates_[it->second].at.ToString());
    return;
  }
  templates_.push_back(std::move(parsed));
}

int RuleResolver::LanguageIndex(const std::string& tag) {
  std::string primary = tag.substr(0, tag.find('-'));
  for (char& c : primary) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto [it, inserted] = language_index_.emplace(
      primary, static_cast<int>(out_->languages.size()));
  if (inserted) out_->languages.push_back(primary);
  return it->second;
}

bool RuleResolver::Expand(const std::vector<const Term*>& terms, bool fold,
                          const std::string& memo_key, Alternatives* out) {
  if (!memo_key.empty()) {
    auto found = expanded_.find({memo_key, fold});
    if (found != expanded_.end()) {
      *out = found->second;
      return false;
    }
  }
  const LoadOptions& options = *context_->options;
  for (const TermPattern& pattern :
       ExpandTerms(terms, options.max_pattern_bytes)) {
    if (pattern.regex.size() > options.max_pattern_bytes) {
      Report(pattern.at, "term expands to a pattern of " +
                             std::to_string(pattern.regex.size()) +
                             " bytes; the limit is " +
                             std::to_string(options.max_pattern_bytes));
      continue;
    }
    std::string error;
    const int id = context_->pool->Add(pattern.regex, &error, fold);
    if (id < 0) {
      Report(pattern.at, "term does not compile: " + error);
      continue;
    }
    out->push_back(Alternative{
        id, pattern.language.empty() ? -1 : LanguageIndex(pattern.language)});
  }
  if (!memo_key.empty()) expanded_.emplace(std::pair{memo_key, fold}, *out);
  return true;
}

bool RuleResolver::LexiconTerms(const std::vector<Reference>& references,
                                std::vector<const Term*>* out) {
  bool ok = true;
  for (const Reference& reference : references) {
    const std::vector<const Term*>* terms =
        lexicons_.Terms(reference.name, reference.at);
    if (terms == nullptr) {
      ok = false;
      continue;
    }
    for (const Term* term : *terms) {
      if (std::find(out->begin(), out->end(), term) == out->end()) {
        out->push_back(term);
      }
    }
  }
  return ok;
}

bool RuleResolver::ResolveItem(const ClauseItem& item, const ParsedTaxon& taxon,
                               bool fold, Alternatives* out) {
  if (!item.reference()) {
    out->push_back(Alternative{item.id});
    return true;
  }
  const std::string name = item.text.substr(1);
  if (name == "post:offer") {
    out->push_back(Alternative{kPostOfferId});
    return true;
  }
  // A lexicon's alternations are compiled once and shared by every rule
  // that names it, so they count once against max_patterns: the limit
  // guards what is compiled and matched, and a $trade used by every taxon
  // costs its own alternations, not one copy per taxon.
  bool fresh = true;
  if (name == "names" || name == "context-names") {
    Expand(Pointers(name == "names" ? taxon.names : taxon.context_names), fold,
           "", out);
  } else if (name == "products" || name == "lookalikes") {
    const std::vector<Reference>& references =
        name == "products" ? taxon.products : taxon.lookalikes;
    std::vector<const Term*> terms;
    if (!LexiconTerms(references, &terms)) return false;
    std::string key = name;
    for (const Reference& r : references) key += " " + r.name;
    fresh = Expand(terms, fold, key, out);
  } else {
    const std::vector<const Term*>* terms = lexicons_.Terms(name, item.at);
    if (terms == nullptr) return false;
    fresh = Expand(*terms, fold, name, out);
  }
  for (size_t i = 0; fresh && i < out->size(); ++i) {
    if (!context_->CountPattern(item.at)) {
      ++problems_;
      return false;
    }
  }
  return true;
}

bool RuleResolver::ResolveRule(const RulePatterns& patterns,
                               const ParsedTaxon& taxon, bool fold,
                               ResolvedRule* out, bool* problem) {
  const auto resolve = [&](const Clause& items,
                           std::vector<Alternatives>* into) {
    for (const ClauseItem& item : items) {
      Alternatives& alternatives = into->emplace_back();
      if (!ResolveItem(item, taxon, fold, &alternatives)) *problem = true;
    }
  };
  resolve(patterns.any, &out->any);
  bool made = AnyAlternative(out->any);
  for (const Clause& clause : patterns.all) {
    resolve(clause, &out->all.emplace_back());
    made = made && AnyAlternative(out->all.back());
  }
  resolve(patterns.unless, &out->unless);
  return made && !*problem;
}

bool RuleResolver::Resolve(std::vector<ParsedTaxon> taxa, ResolvedRules* out) {
  out_ = out;
  std::vector<size_t> defaults;
  for (size_t t = 0; t < templates_.size(); ++t) {
    if (templates_[t].is_default) defaults.push_back(t);
  }
  int next_group = 0;
  for (ParsedTaxon& parsed : taxa) {
    Taxon& taxon = parsed.taxon;
    std::vector<ResolvedRule> resolved;
    std::vector<Rule> rules;
    std::map<std::string, Location> rule_at;
    for (size_t r = 0; r < taxon.rules.size(); ++r) {
      ResolvedRule rule;
      bool problem = false;
      const bool made =
          ResolveRule(parsed.patterns[r], parsed,
                      taxon.rules[r].normalize.diacritics, &rule, &problem);
      if (!made && !problem) {
        Report(parsed.rule_at[r],
               "rule '" + taxon.rules[r].id +
                   "' can never hit: a reference in its 'any', or one 'all' "
                   "clause, is empty for taxon '" +
                   taxon.id + "'");
      }
      if (!made) continue;
      rule_at.emplace(taxon.rules[r].id, parsed.rule_at[r]);
      rules.push_back(std::move(taxon.rules[r]));
      resolved.push_back(std::move(rule));
    }
    std::vector<size_t> applied;
    if (parsed.has_templates) {
      for (const Reference& reference : parsed.templates) {
        auto found = template_index_.find(reference.name);
        if (found == template_index_.end()) {
          Report(reference.at, "unknown template '" + reference.name + "'");
          continue;
        }
        applied.push_back(found->second);
      }
    } else {
      applied = defaults;
    }
    for (size_t t : applied) {
      const ParsedTemplate& source = templates_[t];
      const int group = next_group++;
      for (size_t r = 0; r < source.rules.size(); ++r) {
        ResolvedRule rule;
        bool problem = false;
        if (!ResolveRule(source.patterns[r], parsed,
                         source.rules[r].normalize.diacritics, &rule,
                         &problem)) {
          continue;
        }
        Rule made = source.rules[r];
        made.id = taxon.id + "/" + made.id;
        if (auto first = rule_at.find(made.id); first != rule_at.end()) {
          Report(source.rule_at[r], "template '" + source.id +
                                        "' makes rule '" + made.id +
                                        "', which the taxon already has "
                                        "(defined at " +
                                        first->second.ToString() + ")");
          continue;
        }
        rule_at.emplace(made.id, source.rule_at[r]);
        rule.group = group;
        rules.push_back(std::move(made));
        resolved.push_back(std::move(rule));
      }
    }
    if (parsed.v2 && taxon.rules.empty() && !parsed.has_templates &&
        applied.empty()) {
      Report(parsed.at, "taxon '" + taxon.id +
                            "' has no rules, and no template applies to it "
                            "(none is 'default: true' and it names none)");
    }
    taxon.rules = std::move(rules);
    out->taxa.push_back(std::move(taxon));
    out->rules.push_back(std::move(resolved));
  }
  return problems_ == 0 && lexicons_.ok();
}

}  // namespace wildwatch::rules
