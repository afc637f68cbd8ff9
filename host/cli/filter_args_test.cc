#include "host/cli/filter_args.h"

#include <gtest/gtest.h>

#include <sstream>

namespace wildwatch::cli {
namespace {

TEST(FilterArgsTest, ReadsDayMinuteAndSecond) {
  EXPECT_EQ(ParseTimeArg("2024-05-01"), 1714521600000);
  EXPECT_EQ(ParseTimeArg("2024-05-01T10:00Z"), 1714557600000);
  EXPECT_EQ(ParseTimeArg("2024-05-01T10:00:07Z"), 1714557607000);
}

TEST(FilterArgsTest, RefusesOtherForms) {
  EXPECT_EQ(ParseTimeArg(""), std::nullopt);
  EXPECT_EQ(ParseTimeArg("yesterday"), std::nullopt);
  EXPECT_EQ(ParseTimeArg("2024-05-01T10:00"), std::nullopt);  // No zone.
  EXPECT_EQ(ParseTimeArg("2024-05-01 trailing"), std::nullopt);
}

TEST(FilterArgsTest, SeverityByNameOrAClearError) {
  v1::Severity severity = v1::SEVERITY_UNSPECIFIED;
  std::ostringstream err;
  EXPECT_TRUE(ParseSeverityArg("x", "critical", &severity, err));
  EXPECT_EQ(severity, v1::SEVERITY_CRITICAL);
  EXPECT_FALSE(ParseSeverityArg("matches list", "dire", &severity, err));
  EXPECT_EQ(severity, v1::SEVERITY_CRITICAL);
  EXPECT_EQ(err.str(),
            "wildwatch matches list: --min-severity must be low, medium, "
            "high or critical\n");
}

}  // namespace
}  // namespace wildwatch::cli
