#include "plugins/common/files/file_positions.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins {
namespace {

TEST(FilePositionsTest, RoundTrips) {
  FilePositions positions;
  positions["mail/inbox"] = FilePosition{{2049, 1311}, 40960, 12};
  positions["chat.txt"] = FilePosition{{1, 2}, 0, 0};
  std::string encoded = EncodeFilePositions(positions);
  auto decoded = DecodeFilePositions(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, positions);
}

TEST(FilePositionsTest, EmptyCheckpointIsFirstStart) {
  auto decoded = DecodeFilePositions("");
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->empty());
}

TEST(FilePositionsTest, RejectsDamagedCheckpoints) {
  for (const char* bad :
       {"not json", "[]", R"({"files":{}})", R"({"v":"1","files":{}})",
        R"({"v":2,"files":{}})", R"({"v":1})",
        R"({"v":1,"files":{"a":{"dev":1,"ino":2,"offset":-3,"index":0}}})",
        R"({"v":1,"files":{"a":{"dev":1,"ino":2,"offset":3}}})"}) {
    auto decoded = DecodeFilePositions(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace wildwatch::plugins
