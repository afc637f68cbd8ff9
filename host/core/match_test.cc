#include "host/core/match.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace wildwatch {
namespace {

TEST(MatchIdTest, IsTheTruncatedSha256OfTheNulJoinedParts) {
  // Expected value from an independent SHA-256 (Python's hashlib) of
  // "shopee-vn\0" "123\0" "Manis/scales-vi\0" "2024.05".
  EXPECT_EQ(MatchId("shopee-vn", "123", "Manis/scales-vi", "2024.05"),
            "86542ea8e0ee6803e386722d4d37e51d");
}

TEST(MatchIdTest, IsDeterministic) {
  EXPECT_EQ(MatchId("c", "p", "r", "v"), MatchId("c", "p", "r", "v"));
}

TEST(MatchIdTest, EveryPartChangesTheId) {
  std::set<std::string> ids = {
      MatchId("c", "p", "r", "v"), MatchId("c2", "p", "r", "v"),
      MatchId("c", "p2", "r", "v"), MatchId("c", "p", "r2", "v"),
      MatchId("c", "p", "r", "v2")};
  EXPECT_EQ(ids.size(), 5u);
}

TEST(MatchIdTest, PartBoundariesAreNotAmbiguous) {
  EXPECT_NE(MatchId("ab", "c", "r", "v"), MatchId("a", "bc", "r", "v"));
  EXPECT_NE(MatchId("c", "p", "rv", ""), MatchId("c", "p", "r", "v"));
}

TEST(SeverityTest, NamesRoundTrip) {
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical}) {
    Severity parsed = Severity::kLow;
    ASSERT_TRUE(ParseSeverity(SeverityName(s), &parsed)) << SeverityName(s);
    EXPECT_EQ(parsed, s);
  }
  EXPECT_EQ(SeverityName(Severity::kCritical), "critical");
  EXPECT_EQ(SeverityName(Severity::kLow), "low");
}

TEST(SeverityTest, UnknownNamesLeaveTheOutputAlone) {
  for (const char* bad : {"", "Critical", "HIGH", "severe", "medium "}) {
    Severity out = Severity::kHigh;
    EXPECT_FALSE(ParseSeverity(bad, &out)) << bad;
    EXPECT_EQ(out, Severity::kHigh);
  }
}

TEST(SeverityTest, IsOrderedForMinimumFilters) {
  EXPECT_LT(Severity::kLow, Severity::kMedium);
  EXPECT_LT(Severity::kMedium, Severity::kHigh);
  EXPECT_LT(Severity::kHigh, Severity::kCritical);
}

}  // namespace
}  // namespace wildwatch
