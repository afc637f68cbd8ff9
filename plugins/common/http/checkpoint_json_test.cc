#include "plugins/common/http/checkpoint_json.h"

#include <gtest/gtest.h>

#include "wildwatch/connector.hpp"

namespace wildwatch::plugins {
namespace {

using nlohmann::json;

TEST(ParseCheckpointTest, ReturnsTheObjectWhenTheKeyHasTheType) {
  json state = ParseCheckpoint(R"({"position": "7", "seen": ["a"]})",
                               "position", json::value_t::string);
  EXPECT_EQ(state["position"], "7");
  EXPECT_EQ(state["seen"], json::array({"a"}));
}

TEST(ParseCheckpointTest, ThrowsFatalOnAnythingElse) {
  for (const char* bad : {"", "not json", "[1]", R"({"seen": []})",
                          R"({"position": 7})", R"({"position": null})"}) {
    try {
      ParseCheckpoint(bad, "position", json::value_t::string);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const sdk::FatalError& e) {
      EXPECT_STREQ(e.what(), "unreadable checkpoint") << bad;
    }
  }
}

TEST(RestoreRecentIdsTest, RestoresWhatToJsonWrote) {
  RecentIds ids(3);
  for (const char* id : {"a", "b", "c", "d"}) ids.Insert(id);
  RecentIds restored = RestoreRecentIds(ids.ToJson(), 2);
  EXPECT_EQ(restored.ToJson(), json({"c", "d"}));
}

TEST(RestoreRecentIdsTest, ThrowsFatalNamingTheCheckpoint) {
  for (const json& bad : {json(), json{{"a", 1}}, json::array({1, 2})}) {
    try {
      RestoreRecentIds(bad, 2);
      ADD_FAILURE() << "accepted " << bad.dump();
    } catch (const sdk::FatalError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("checkpoint: ", 0), 0u) << e.what();
    }
  }
}

}  // namespace
}  // namespace wildwatch::plugins
