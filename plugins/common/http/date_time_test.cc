#include "plugins/common/http/date_time.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins {
namespace {

int64_t Rfc3339(std::string_view text) {
  StatusOr<int64_t> ms = ParseRfc3339(text);
  EXPECT_TRUE(ms.ok()) << text << ": " << ms.status().ToString();
  return ms.ok() ? *ms : -1;
}

int64_t Rfc822(std::string_view text) {
  StatusOr<int64_t> ms = ParseRfc822(text);
  EXPECT_TRUE(ms.ok()) << text << ": " << ms.status().ToString();
  return ms.ok() ? *ms : -1;
}

TEST(DateTimeTest, Rfc3339CountsFromTheEpoch) {
  EXPECT_EQ(Rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Rfc3339("1970-01-02T00:00:01.5Z"), 86401500);
  EXPECT_EQ(Rfc3339("1970-01-01t00:00:00.123456z"), 123);
  // 2024-05-01 is day 19844 after the epoch.
  EXPECT_EQ(Rfc3339("2024-05-01T08:00:00Z"),
            (19844LL * 86400 + 8 * 3600) * 1000);
}

TEST(DateTimeTest, Rfc3339AppliesOffsets) {
  EXPECT_EQ(Rfc3339("2024-05-01T10:00:00+02:00"),
            Rfc3339("2024-05-01T08:00:00Z"));
  EXPECT_EQ(Rfc3339("2024-04-30T22:30:00-09:30"),
            Rfc3339("2024-05-01T08:00:00Z"));
}

TEST(DateTimeTest, Rfc3339RejectsMalformedText) {
  for (std::string_view bad :
       {"", "2024-05-01", "2024-05-01T10:00:00", "2024-13-01T00:00:00Z",
        "2024-02-30T00:00:00Z", "2024-05-01T10:00:00Zjunk", "yesterday",
        "2024-05-01T25:00:00Z", "2024-05-01T10:00:00.Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
}

TEST(DateTimeTest, Rfc822ReadsFeedAndHttpDates) {
  int64_t expected = Rfc3339("2024-05-01T08:00:00Z");
  EXPECT_EQ(Rfc822("Wed, 01 May 2024 08:00:00 GMT"), expected);
  EXPECT_EQ(Rfc822("Wed, 01 May 2024 10:00:00 +0200"), expected);
  EXPECT_EQ(Rfc822("1 May 2024 04:00:00 EDT"), expected);
  EXPECT_EQ(Rfc822("Wed, 1 May 24 08:00 UT"), expected);
  EXPECT_EQ(Rfc822("Wed, 01 May 2024 08:00:00"), expected);  // No zone: UTC.
}

TEST(DateTimeTest, Rfc822RejectsMalformedText) {
  for (std::string_view bad :
       {"", "Wed 01 May 2024", "01 Foo 2024 08:00:00 GMT",
        "31 Feb 2024 08:00:00 GMT", "01 May 2024 08:00:00 Mars",
        "2024-05-01T08:00:00Z"}) {
    EXPECT_FALSE(ParseRfc822(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace wildwatch::plugins
