#include "tests/testing/rule_fixture.h"

#include <utility>

namespace wildwatch::testing {

FixtureTaxon ElephantIvory(std::string severity) {
  return {"loxodonta-africana", "Loxodonta africana", "ivory", R"(\bivory\b)",
          std::move(severity)};
}

FixtureTaxon TigerBone(std::string severity) {
  return {"panthera-tigris", "Panthera tigris", "bone", "tiger bone",
          std::move(severity)};
}

std::string TaxonYaml(const FixtureTaxon& taxon) {
  std::string yaml = "  - id: " + taxon.id +
                     "\n    scientific_name: " + taxon.scientific_name +
                     "\n    appendix: I\n    rules:\n" +
                     "      - id: " + taxon.rule_id + "\n";
  if (!taxon.severity.empty()) {
    yaml += "        severity: " + taxon.severity + "\n";
  }
  return yaml + "        any: ['" + taxon.pattern + "']\n";
}

std::string RuleSetYaml(std::string_view name,
                        const std::vector<FixtureTaxon>& taxa) {
  std::string yaml = "name: " + std::string(name) + "\ntaxa:\n";
  for (const FixtureTaxon& taxon : taxa) yaml += TaxonYaml(taxon);
  return yaml;
}

}  // namespace wildwatch::testing
