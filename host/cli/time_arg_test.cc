#include "host/cli/time_arg.h"

#include <gtest/gtest.h>

namespace wildwatch::cli {
namespace {

TEST(TimeArgTest, ReadsDayMinuteAndSecond) {
  EXPECT_EQ(ParseTimeArg("2024-05-01"), 1714521600000);
  EXPECT_EQ(ParseTimeArg("2024-05-01T10:00Z"), 1714557600000);
  EXPECT_EQ(ParseTimeArg("2024-05-01T10:00:07Z"), 1714557607000);
}

TEST(TimeArgTest, RefusesOtherForms) {
  EXPECT_EQ(ParseTimeArg(""), std::nullopt);
  EXPECT_EQ(ParseTimeArg("yesterday"), std::nullopt);
  EXPECT_EQ(ParseTimeArg("2024-05-01T10:00"), std::nullopt);  // No zone.
  EXPECT_EQ(ParseTimeArg("2024-05-01 trailing"), std::nullopt);
}

}  // namespace
}  // namespace wildwatch::cli
