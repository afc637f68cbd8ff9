#include "host/rules/taxon_merger.h"

#include <algorithm>
#include <utility>

namespace wildwatch::rules {

TaxonMerger::TaxonMerger(std::vector<Diagnostic>* diagnostics)
    : diagnostics_(diagnostics) {}

void TaxonMerger::Report(const Location& at, std::string message) {
  diagnostics_->push_back(
      Diagnostic{at.file, at.line, at.column, std::move(message)});
  ++problems_;
}

void TaxonMerger::Add(ParsedTaxon taxon) {
  const std::string& id = taxon.taxon.id;
  auto found = index_.find(id);
  if (found == index_.end()) {
    if (taxon.layer == TaxonLayer::kExtend &&
        (!taxon.has_scientific_name || !taxon.has_appendix ||
         (taxon.taxon.rules.empty() && !taxon.v2))) {
      Report(taxon.at, "taxon '" + id +
                           "' extends nothing: no earlier file defines it, "
                           "so it needs scientific_name, appendix" +
                           (taxon.v2 ? "" : " and at least one rule"));
      return;
    }
    index_.emplace(id, taxa_.size());
    taxa_.push_back(std::move(taxon));
    return;
  }
  ParsedTaxon& base = taxa_[found->second];
  switch (taxon.layer) {
    case TaxonLayer::kDefine:
      Report(taxon.at, "duplicate taxon id '" + id + "'; first defined at " +
                           base.at.ToString() +
                           " (add 'override: true' to replace it or "
                           "'extend: true' to add to it)");
      return;
    case TaxonLayer::kOverride:
      base = std::move(taxon);
      return;
    case TaxonLayer::kExtend:
      Extend(std::move(taxon), &base);
      return;
  }
}

void TaxonMerger::Extend(ParsedTaxon taxon, ParsedTaxon* base) {
  Taxon& into = base->taxon;
  Taxon& from = taxon.taxon;
  const int before = problems_;
  for (size_t r = 0; r < from.rules.size(); ++r) {
    for (size_t e = 0; e < into.rules.size(); ++e) {
      if (into.rules[e].id == from.rules[r].id) {
        Report(taxon.rule_at[r], "duplicate rule id '" + from.rules[r].id +
                                     "' in extended taxon '" + from.id +
                                     "'; first defined at " +
                                     base->rule_at[e].ToString());
      }
    }
  }
  if (problems_ != before) return;

  if (taxon.has_scientific_name) into.scientific_name = from.scientific_name;
  if (taxon.has_appendix) into.appendix = from.appendix;
  if (taxon.has_taxonomy) {
    into.taxonomy = from.taxonomy;
    base->has_taxonomy = true;
  }
  for (const auto& [lang, names] : from.common_names) {
    std::vector<std::string>& known = into.common_names[lang];
    for (const std::string& name : names) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        known.push_back(name);
      }
    }
  }
  for (const auto& [lang, names] : from.names) {
    auto& known = into.names[lang];
    known.insert(known.end(), names.begin(), names.end());
  }
  for (const auto& [lang, names] : from.context_names) {
    auto& known = into.context_names[lang];
    known.insert(known.end(), names.begin(), names.end());
  }
  const auto append = [](auto* into_list, auto* from_list) {
    into_list->insert(into_list->end(),
                      std::make_move_iterator(from_list->begin()),
                      std::make_move_iterator(from_list->end()));
  };
  append(&base->names, &taxon.names);
  append(&base->context_names, &taxon.context_names);
  append(&base->products, &taxon.products);
  append(&base->lookalikes, &taxon.lookalikes);
  append(&into.products, &from.products);
  append(&into.lookalikes, &from.lookalikes);
  if (taxon.has_templates) {
    base->has_templates = true;
    base->templates = std::move(taxon.templates);
    into.templates = std::move(from.templates);
  }
  base->v2 = base->v2 || taxon.v2;
  for (size_t r = 0; r < from.rules.size(); ++r) {
    into.rules.push_back(std::move(from.rules[r]));
    base->patterns.push_back(std::move(taxon.patterns[r]));
    base->rule_at.push_back(std::move(taxon.rule_at[r]));
  }
}

}  // namespace wildwatch::rules
