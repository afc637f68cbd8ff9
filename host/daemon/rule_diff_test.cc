#include "host/daemon/rule_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/rule_fixture.h"

namespace wildwatch {
namespace {

using ::testing::ElementsAre;
using testing::ElephantIvory;
using testing::RuleSetYaml;
using testing::TigerBone;

std::shared_ptr<const rules::RuleSet> FromString(const std::string& yaml) {
  std::vector<rules::Diagnostic> diagnostics;
  auto set = rules::RuleSet::LoadFromString(yaml, "x.yaml", &diagnostics);
  EXPECT_NE(set, nullptr);
  return set;
}

TEST(RuleDiffTest, NamesTaxaAddedRemovedAndChanged) {
  const auto elephants = FromString(RuleSetYaml("base", {ElephantIvory()}));
  const auto both =
      FromString(RuleSetYaml("base", {ElephantIvory(), TigerBone()}));
  testing::FixtureTaxon tusk = ElephantIvory();
  tusk.rule_id = "tusk";
  const auto tusks = FromString(RuleSetYaml("base", {tusk}));

  RuleChange first = DiffRuleSets(nullptr, *elephants);
  EXPECT_THAT(first.taxa_added, ElementsAre("loxodonta-africana"));
  EXPECT_EQ(first.rules_before, 0u);
  EXPECT_EQ(first.rules_after, 1u);

  RuleChange added = DiffRuleSets(elephants.get(), *both);
  EXPECT_THAT(added.taxa_added, ElementsAre("panthera-tigris"));
  EXPECT_TRUE(added.taxa_removed.empty());
  EXPECT_TRUE(added.taxa_changed.empty());
  EXPECT_EQ(added.rules_before, 1u);
  EXPECT_EQ(added.rules_after, 2u);

  RuleChange changed = DiffRuleSets(both.get(), *tusks);
  EXPECT_TRUE(changed.taxa_added.empty());
  EXPECT_THAT(changed.taxa_removed, ElementsAre("panthera-tigris"));
  EXPECT_THAT(changed.taxa_changed, ElementsAre("loxodonta-africana"));

  EXPECT_TRUE(DiffRuleSets(elephants.get(), *elephants).taxa_changed.empty());
}

}  // namespace
}  // namespace wildwatch
