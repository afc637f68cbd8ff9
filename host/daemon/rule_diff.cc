#include "host/daemon/rule_diff.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

namespace wildwatch {
namespace {

bool SameRule(const rules::Rule& a, const rules::Rule& b) {
  return std::tie(a.id, a.severity, a.any, a.all, a.unless, a.languages) ==
         std::tie(b.id, b.severity, b.any, b.all, b.unless, b.languages);
}

bool SameTaxon(const rules::Taxon& a, const rules::Taxon& b) {
  return a.scientific_name == b.scientific_name && a.appendix == b.appendix &&
         a.common_names == b.common_names &&
         std::equal(a.rules.begin(), a.rules.end(), b.rules.begin(),
                    b.rules.end(), SameRule);
}

std::map<std::string, const rules::Taxon*> ById(const rules::RuleSet* set) {
  std::map<std::string, const rules::Taxon*> out;
  if (set == nullptr) return out;
  for (const rules::Taxon& t : set->taxa()) out.emplace(t.id, &t);
  return out;
}

}  // namespace

RuleChange DiffRuleSets(const rules::RuleSet* before,
                        const rules::RuleSet& after) {
  RuleChange change;
  change.rules_before =
      before == nullptr ? 0 : static_cast<uint32_t>(before->rule_count());
  change.rules_after = static_cast<uint32_t>(after.rule_count());
  const auto old_taxa = ById(before);
  const auto new_taxa = ById(&after);
  // Both maps iterate in id order, so the lists come out sorted.
  for (const auto& [id, taxon] : new_taxa) {
    auto it = old_taxa.find(id);
    if (it == old_taxa.end()) {
      change.taxa_added.push_back(id);
    } else if (!SameTaxon(*it->second, *taxon)) {
      change.taxa_changed.push_back(id);
    }
  }
  for (const auto& [id, taxon] : old_taxa) {
    if (new_taxa.count(id) == 0) change.taxa_removed.push_back(id);
  }
  return change;
}

}  // namespace wildwatch
