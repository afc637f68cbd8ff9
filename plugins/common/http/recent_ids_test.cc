#include "plugins/common/http/recent_ids.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins {
namespace {

TEST(RecentIdsTest, ForgetsTheOldestBeyondCapacity) {
  RecentIds ids(3);
  for (const char* id : {"a", "b", "c", "b", "d"}) ids.Insert(id);
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_FALSE(ids.Contains("a"));
  EXPECT_TRUE(ids.Contains("b"));
  EXPECT_TRUE(ids.Contains("d"));
  EXPECT_EQ(ids.ToJson(), nlohmann::json({"b", "c", "d"}));
}

TEST(RecentIdsTest, RoundTripsThroughJsonKeepingTheNewest) {
  RecentIds ids(5);
  for (const char* id : {"1", "2", "3", "4"}) ids.Insert(id);
  StatusOr<RecentIds> same = RecentIds::FromJson(ids.ToJson(), 5);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->ToJson(), ids.ToJson());
  StatusOr<RecentIds> smaller = RecentIds::FromJson(ids.ToJson(), 2);
  ASSERT_TRUE(smaller.ok());
  EXPECT_EQ(smaller->ToJson(), nlohmann::json({"3", "4"}));
  EXPECT_FALSE(RecentIds::FromJson(nlohmann::json{{"a", 1}}, 2).ok());
  EXPECT_FALSE(RecentIds::FromJson(nlohmann::json::array({1, 2}), 2).ok());
}

}  // namespace
}  // namespace wildwatch::plugins
