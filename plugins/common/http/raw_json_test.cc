#include "plugins/common/http/raw_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace wildwatch::plugins {
namespace {

using Views = std::vector<std::string_view>;

TEST(RawJsonTest, ReturnsElementsByteForByte) {
  std::string doc =
      R"({"meta": {"n": 2, "s": "]}\"["}, "data": {"items": [ {"id":1,"t":"a, b"},)"
      "\n"
      R"(  {"id": 2, "nested": [1, {"x": "}"}]} , 3, "str", null ] }})";
  StatusOr<Views> items = RawJsonArray(doc, "/data/items");
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_EQ(*items, (Views{R"({"id":1,"t":"a, b"})",
                           R"({"id": 2, "nested": [1, {"x": "}"}]})", "3",
                           R"("str")", "null"}));
  // Each view parses to the same value as the parsed document has there.
  nlohmann::json parsed = nlohmann::json::parse(doc);
  for (size_t i = 0; i < items->size(); ++i) {
    EXPECT_EQ(nlohmann::json::parse((*items)[i]), parsed["data"]["items"][i]);
  }
}

TEST(RawJsonTest, RootArraysEscapedKeysAndIndexes) {
  StatusOr<Views> root = RawJsonArray(" [1,[2,3]] ", "");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(*root, (Views{"1", "[2,3]"}));
  StatusOr<Views> nested = RawJsonArray("[1,[2,3]]", "/1");
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(*nested, (Views{"2", "3"}));
  StatusOr<Views> escaped =
      RawJsonArray(R"({"a\/b": [true], "c~d": [false]})", "/a~1b");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(*escaped, (Views{"true"}));
  StatusOr<Views> tilde = RawJsonArray(R"({"c~d": [false]})", "/c~0d");
  ASSERT_TRUE(tilde.ok());
  EXPECT_EQ(*tilde, (Views{"false"}));
  StatusOr<Views> empty = RawJsonArray(R"({"items": []})", "/items");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(RawJsonTest, ReportsWhatIsWrong) {
  EXPECT_EQ(RawJsonArray("{\"items\": [1,", "/items").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RawJsonArray("{}", "items").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RawJsonArray(R"({"items": [1]})", "/other").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RawJsonArray(R"([1])", "/5").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RawJsonArray(R"({"items": 1})", "/items/x").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RawJsonArray(R"({"items": {"a": 1}})", "/items").status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace wildwatch::plugins
