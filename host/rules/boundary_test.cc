// Word boundaries at the edges of patterns, for every script.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/rules/pattern_pool.h"
#include "host/rules/rule_set.h"

namespace wildwatch::rules {
namespace {

std::vector<Span> Find(std::string_view pattern, std::string_view text) {
  PatternPool pool(int64_t{8} << 20);
  std::string error;
  const int id = pool.Add(pattern, &error);
  EXPECT_GE(id, 0) << error;
  std::vector<Span> spans;
  if (id >= 0) pool.FindAll(id, text, &spans);
  return spans;
}

TEST(BoundaryTest, NonAsciiWordsGetRealBoundaries) {
  // RE2's own \b would never match next to 'á'.
  EXPECT_EQ(Find("\\bgiá\\b", "giá tốt").size(), 1u);
  EXPECT_TRUE(Find("\\bgiá\\b", "giáo viên").empty());
  EXPECT_TRUE(Find("\\bслон\\b", "слоновая кость").empty());
  EXPECT_EQ(Find("\\bслон\\b", "продам слон, дорого").size(), 1u);
}

TEST(BoundaryTest, SearchContinuesAfterARejectedOccurrence) {
  const std::vector<Span> spans = Find("\\bivory\\b", "ivoryx ivory");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].start, 7u);
}

TEST(BoundaryTest, NoBoundaryNeededNextToSpacelessScripts) {
  EXPECT_EQ(Find("\\b象牙\\b", "出售象牙手镯").size(), 1u);
  EXPECT_EQ(Find("\\bงาช้าง\\b", "ขายงาช้างแท้").size(), 1u);
  EXPECT_EQ(Find("\\bivory\\b", "象牙ivory出售").size(), 1u);
}

TEST(BoundaryTest, AlternativesEachWithBoundaries) {
  EXPECT_EQ(Find("\\bfoo\\b|\\bbár\\b", "x bár y").size(), 1u);
  EXPECT_TRUE(Find("\\bfoo\\b|\\bbár\\b", "xbár").empty());
  // Mid-pattern \b stays RE2's ASCII one.
  EXPECT_EQ(Find("a\\b b", "a b").size(), 1u);
}

TEST(BoundaryTest, RuleSetUsesUnicodeBoundaries) {
  std::vector<Diagnostic> diagnostics;
  auto set = RuleSet::LoadFromString(R"(name: b
taxa:
  - id: t
    scientific_name: T t
    appendix: I
    rules:
      - id: r
        any: ['\bngà voi\b']
)",
                                     "b.yaml", &diagnostics);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->Match("bán ngà voi thật", "").size(), 1u);
  EXPECT_TRUE(set->Match("bán ngà voià", "").empty());
}

}  // namespace
}  // namespace wildwatch::rules
