#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/naive_re2_matcher.h"
#include "bench/re2_set_matcher.h"

namespace wildwatch::bench {
namespace {

const std::vector<std::string> kPatterns = {
    R"(\bivory\s+(?:bangle|carving)s?\b)",
    R"((?:rhino|rhinoceros)\s+horn)",
    R"(ελεφαντας)",
    R"(穿山甲)",
};

constexpr int64_t kMaxMem = int64_t{64} << 20;

struct Case {
  const char* text;
  bool hit;
};

// Both peers implement the same documented semantics, so they must agree
// with each other and with these verdicts.
const Case kCases[] = {
    {"Antique IVORY Carvings, ships today", true},
    {"ivory bangle", true},
    {"ivorybangle", false},            // \s+ needs a space.
    {"ivory banglesque vase", false},  // \b after the optional s.
    {"genuine Rhinoceros   horn powder", true},
    {"ΕΛΕΦΑΝΤΑΣ προς πώληση", true},  // Unicode case folding.
    {"出售穿山甲鳞片", true},
    {"white wedding dress, ivory colour", false},
    {"", false},
};

std::unique_ptr<Matcher> MustCreate(
    StatusOr<std::unique_ptr<Matcher>> matcher) {
  EXPECT_TRUE(matcher.ok()) << matcher.status().ToString();
  return matcher.ok() ? std::move(*matcher) : nullptr;
}

TEST(Re2MatchersTest, NaiveAndSetGiveTheDocumentedVerdicts) {
  std::unique_ptr<Matcher> naive =
      MustCreate(NaiveRe2Matcher::Create(kPatterns, kMaxMem));
  std::unique_ptr<Matcher> set =
      MustCreate(Re2SetMatcher::Create(kPatterns, kMaxMem));
  ASSERT_NE(naive, nullptr);
  ASSERT_NE(set, nullptr);
  for (const Case& c : kCases) {
    EXPECT_EQ(naive->Matches(c.text, "en"), c.hit) << c.text;
    EXPECT_EQ(set->Matches(c.text, "en"), c.hit) << c.text;
  }
  EXPECT_EQ(set->failures(), 0);
}

TEST(Re2MatchersTest, InvalidPatternIsNamed) {
  const std::vector<std::string> patterns = {"ok", "(unclosed"};
  StatusOr<std::unique_ptr<Matcher>> naive =
      NaiveRe2Matcher::Create(patterns, kMaxMem);
  StatusOr<std::unique_ptr<Matcher>> set =
      Re2SetMatcher::Create(patterns, kMaxMem);
  for (const StatusOr<std::unique_ptr<Matcher>>* m : {&naive, &set}) {
    ASSERT_FALSE(m->ok());
    EXPECT_EQ(m->status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(m->status().message().find("pattern 2 ((unclosed)"),
              std::string::npos)
        << m->status().message();
  }
}

TEST(Re2MatchersTest, SetOverItsBudgetIsResourceExhausted) {
  // Thousands of distinct alternations need far more than 64 KiB.
  std::vector<std::string> patterns;
  for (int i = 0; i < 2000; ++i) {
    patterns.push_back("\\bspecies" + std::to_string(i) + "\\s+(?:a|b|c)\\b");
  }
  StatusOr<std::unique_ptr<Matcher>> set =
      Re2SetMatcher::Create(patterns, 64 << 10);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace wildwatch::bench
