#include "plugins/telegram/tdesktop_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wildwatch::telegram {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ScanObjectTest, ReturnsKeysAndExactValueText) {
  StatusOr<std::vector<JsonMember>> members = ScanObject(
      " {\"a\": [1, {\"b\": \"]}\"}],\n \"s\":\"x\\\"y\\x01\" , \"n\":-1.5e3,"
      "\"o\":{}} ");
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  ASSERT_EQ(members->size(), 4u);
  EXPECT_EQ((*members)[0].key, "a");
  EXPECT_EQ((*members)[0].value, "[1, {\"b\": \"]}\"}]");
  EXPECT_EQ((*members)[1].key, "s");
  EXPECT_EQ((*members)[1].value, "\"x\\\"y\\x01\"");
  EXPECT_EQ((*members)[2].value, "-1.5e3");
  EXPECT_EQ((*members)[3].value, "{}");
}

TEST(ScanObjectTest, EmptyObjectHasNoMembers) {
  StatusOr<std::vector<JsonMember>> members = ScanObject("{ }");
  ASSERT_TRUE(members.ok());
  EXPECT_TRUE(members->empty());
}

TEST(ScanObjectTest, RejectsBrokenNestingWithTheOffset) {
  EXPECT_THAT(ScanObject("{\"a\": [1}").status().message(),
              HasSubstr("mismatched bracket at byte 8"));
  EXPECT_THAT(ScanObject("{\"a\": \"open").status().message(),
              HasSubstr("unterminated string"));
  EXPECT_THAT(ScanObject("{\"a\": [").status().message(),
              HasSubstr("unterminated container"));
  EXPECT_THAT(ScanObject("{\"a\" 1}").status().message(),
              HasSubstr("expected ':'"));
  EXPECT_THAT(ScanObject("{\"a\": 1} x").status().message(),
              HasSubstr("unexpected text after the value"));
  EXPECT_FALSE(ScanObject("[1]").ok());
  EXPECT_FALSE(ScanObject("").ok());
  EXPECT_FALSE(ScanObject("{\"a\": }").ok());
}

TEST(ScanArrayTest, ReturnsElementsAsWritten) {
  StatusOr<std::vector<std::string_view>> elements =
      ScanArray("[ {\"id\": 1}, \"[\\\\\" ,true,null ]");
  ASSERT_TRUE(elements.ok()) << elements.status().ToString();
  EXPECT_THAT(*elements,
              ElementsAre("{\"id\": 1}", "\"[\\\\\"", "true", "null"));
}

TEST(ScanArrayTest, DeepNestingIsNoProblem) {
  std::string deep =
      "[" + std::string(100000, '[') + std::string(100000, ']') + "]";
  StatusOr<std::vector<std::string_view>> elements = ScanArray(deep);
  ASSERT_TRUE(elements.ok());
  EXPECT_EQ(elements->size(), 1u);
}

TEST(RewriteHexEscapesTest, TurnsHexEscapesIntoUnicodeEscapes) {
  EXPECT_EQ(RewriteHexEscapes(R"("a\x09b\x1F")"), R"("a\u0009b\u001F")");
}

TEST(RewriteHexEscapesTest, LeavesEscapedBackslashesAlone) {
  // A backslash followed by "x41", and an escaped backslash before a real
  // \x escape.
  EXPECT_EQ(RewriteHexEscapes(R"("C:\\x41")"), R"("C:\\x41")");
  EXPECT_EQ(RewriteHexEscapes(R"("\\\x01")"), R"("\\\u0001")");
}

TEST(RewriteHexEscapesTest, CopiesMalformedEscapesUnchanged) {
  EXPECT_EQ(RewriteHexEscapes(R"("\x4")"), R"("\x4")");
  EXPECT_EQ(RewriteHexEscapes(R"("\xZZ")"), R"("\xZZ")");
  EXPECT_EQ(RewriteHexEscapes("\\"), "\\");
  EXPECT_EQ(RewriteHexEscapes("\\x0"), "\\x0");
}

TEST(ParseTdesktopJsonTest, DecodesHexEscapesAndLineSeparators) {
  StatusOr<nlohmann::json> value =
      ParseTdesktopJson(R"({"t": "a\x01b\u2028c\\x41"})");
  ASSERT_TRUE(value.ok()) << value.status().ToString();
  EXPECT_EQ((*value)["t"],
            "a\x01"
            "b\xE2\x80\xA8"
            "c\\x41");
}

TEST(ParseTdesktopJsonTest, ReportsInvalidJson) {
  StatusOr<nlohmann::json> value = ParseTdesktopJson(R"({"t": "\xZZ"})");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(value.status().message(), HasSubstr("JSON: "));
}

}  // namespace
}  // namespace wildwatch::telegram
