#include "host/rules/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "host/rules/rule_set.h"

namespace wildwatch::rules {
namespace {

using ::testing::HasSubstr;

constexpr char kRules[] = R"(name: x
taxa:
  - id: t
    scientific_name: T t
    appendix: I
    rules:
      - id: r
        any: ['\bivory\b']
        all: ['\bsale\b']
        unless: ['\bcoast\b']
      - id: exact
        normalize: {leet: false, separators: false}
        any: ['\bcode1x\b']
)";

std::shared_ptr<const RuleSet> Set() {
  std::vector<Diagnostic> diagnostics;
  auto set = RuleSet::LoadFromString(kRules, "x.yaml", &diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  return set;
}

TEST(ExplainTest, HitShowsPatternNormalisedTextAndOriginalSpan) {
  auto set = Set();
  const std::string text = "1V0RY for sale";
  std::vector<RuleTrace> traces = set->Explain(text, "");
  ASSERT_EQ(traces.size(), 1u);
  const RuleTrace& t = traces[0];
  EXPECT_EQ(t.verdict, Verdict::kHit);
  ASSERT_EQ(t.any.size(), 1u);
  ASSERT_EQ(t.any[0].spans.size(), 1u);
  EXPECT_EQ(text.substr(t.any[0].spans[0].start,
                        t.any[0].spans[0].end - t.any[0].spans[0].start),
            "1V0RY");
  const Span n = t.any[0].normalized_spans[0];
  EXPECT_EQ(t.normalized_text.substr(n.start, n.end - n.start), "iVoRY");
  EXPECT_TRUE(t.all[0].matched);
  EXPECT_FALSE(t.unless[0].matched);
  EXPECT_THAT(FormatRuleTrace(t, text), HasSubstr("\"iVoRY\" <- \"1V0RY\""));
  EXPECT_THAT(RuleTraceToJson(t), HasSubstr("\"verdict\":\"hit\""));
}

TEST(ExplainTest, WhyNotNamesTheFailingClause) {
  auto set = Set();
  std::vector<RuleTrace> traces = set->Explain("ivory coast sale", "", "t");
  ASSERT_EQ(traces.size(), 2u);
  EXPECT_EQ(traces[0].verdict, Verdict::kVetoedByUnless);
  EXPECT_EQ(traces[1].verdict, Verdict::kNoAnyPattern);
  EXPECT_EQ(set->Explain("ivory", "", "t")[0].verdict, Verdict::kMissingAll);
  EXPECT_TRUE(set->Explain("ivory", "", "nope").empty());
}

TEST(ExplainTest, PerRuleOptOutsUseTheirOwnNormalisation) {
  auto set = Set();
  std::vector<RuleTrace> traces = set->Explain("code1x", "", "t");
  ASSERT_EQ(traces.size(), 2u);
  EXPECT_EQ(traces[1].profile, "homoglyphs");
  EXPECT_EQ(traces[1].verdict, Verdict::kHit);
  EXPECT_EQ(set->Match("code1x", "").size(), 1u);
}

}  // namespace
}  // namespace wildwatch::rules
