// Small rule sets for tests, written as YAML in the layout of the shipped
// rule files, so a test states which taxa and rules it needs rather than
// repeating the text:
//
//   std::string yaml = RuleSetYaml("base", {ElephantIvory("high")});
//
// gives
//
//   name: base
//   taxa:
//     - id: loxodonta-africana
//       scientific_name: Loxodonta africana
//       appendix: I
//       rules:
//         - id: ivory
//           severity: high
//           any: ['\bivory\b']
//
// The layout is fixed, so tests may name line numbers in it. Every taxon is
// on Appendix I. Plain values; thread-safe.

#ifndef WILDWATCH_TESTS_TESTING_RULE_FIXTURE_H_
#define WILDWATCH_TESTS_TESTING_RULE_FIXTURE_H_

#include <string>
#include <string_view>
#include <vector>

namespace wildwatch::testing {

// One taxon with a single rule that fires on one pattern.
struct FixtureTaxon {
  std::string id;               // "loxodonta-africana"
  std::string scientific_name;  // "Loxodonta africana"
  std::string rule_id;          // "ivory"
  std::string pattern;          // RE2; written between single quotes.
  std::string severity;         // The line is left out when empty.
};

// Loxodonta africana, rule "ivory" on '\bivory\b'.
FixtureTaxon ElephantIvory(std::string severity = "");

// Panthera tigris, rule "bone" on 'tiger bone'.
FixtureTaxon TigerBone(std::string severity = "");

// The YAML of taxon as an entry of a rule set's taxa list, to append to a
// rule set's text.
// REQUIRES: no field holds a single quote or a line break.
std::string TaxonYaml(const FixtureTaxon& taxon);

// The YAML of a rule set named name holding taxa, in order.
// REQUIRES: no field holds a single quote or a line break.
std::string RuleSetYaml(std::string_view name,
                        const std::vector<FixtureTaxon>& taxa);

}  // namespace wildwatch::testing

#endif  // WILDWATCH_TESTS_TESTING_RULE_FIXTURE_H_
