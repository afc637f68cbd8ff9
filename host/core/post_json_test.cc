#include "host/core/post_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace wildwatch {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::StartsWith;

// 2024-05-01T00:00:00Z, counted independently: 19844 days after 1970-01-01.
constexpr int64_t kMay1st2024Ms = 19844LL * 86400 * 1000;

Post MustParse(std::string_view line) {
  StatusOr<Post> post = PostFromJson(line);
  EXPECT_TRUE(post.ok()) << post.status().ToString() << " for " << line;
  return post.ok() ? *post : Post{};
}

std::string ParseError(std::string_view line) {
  StatusOr<Post> post = PostFromJson(line);
  EXPECT_FALSE(post.ok()) << line;
  if (post.ok()) return "";
  EXPECT_EQ(post.status().code(), StatusCode::kInvalidArgument);
  return post.status().message();
}

int64_t CreatedAt(std::string_view created_at_json) {
  return MustParse(R"({"id":"1","text":"","created_at":)" +
                   std::string(created_at_json) + "}")
      .created_at_ms;
}

TEST(PostFromJsonTest, ReadsEveryField) {
  const std::string line =
      R"({"id":"abc","platform":"shopee","url":"https://x.test/1",)"
      R"("author":"Tí","author_id":"u9","created_at":"2024-05-01T10:00:00Z",)"
      R"("title":"Ngà voi","text":"bán ngà voi","lang":"vi",)"
      R"("attributes":{"price":"12","currency":"VND"}})";
  Post p = MustParse(line);
  EXPECT_EQ(p.id, "abc");
  EXPECT_EQ(p.platform, "shopee");
  EXPECT_EQ(p.url, "https://x.test/1");
  EXPECT_EQ(p.author, "Tí");
  EXPECT_EQ(p.author_id, "u9");
  EXPECT_EQ(p.created_at_ms, kMay1st2024Ms + 10 * 3600 * 1000);
  EXPECT_EQ(p.title, "Ngà voi");
  EXPECT_EQ(p.text, "bán ngà voi");
  EXPECT_EQ(p.lang, "vi");
  EXPECT_THAT(p.attributes, ::testing::ElementsAre(Pair("price", "12"),
                                                   Pair("currency", "VND")));
  EXPECT_EQ(p.raw, line);
}

TEST(PostFromJsonTest, MinimalPostLeavesOptionalFieldsEmpty) {
  Post p = MustParse(R"({"id":"1","text":""})");
  EXPECT_EQ(p.id, "1");
  EXPECT_EQ(p.text, "");
  EXPECT_EQ(p.created_at_ms, kTimeUnknown);
  EXPECT_TRUE(p.url.empty());
  EXPECT_TRUE(p.attributes.empty());
}

TEST(PostFromJsonTest, NullOptionalFieldsCountAsAbsent) {
  Post p = MustParse(
      R"({"id":"1","text":"t","url":null,"created_at":null,"attributes":null})");
  EXPECT_TRUE(p.url.empty());
  EXPECT_EQ(p.created_at_ms, kTimeUnknown);
  EXPECT_TRUE(p.attributes.empty());
}

TEST(PostFromJsonTest, IntegerIdIsKeptAsDecimalText) {
  EXPECT_EQ(MustParse(R"({"id":12345678901234,"text":"t"})").id,
            "12345678901234");
  EXPECT_EQ(MustParse(R"({"id":-7,"text":"t"})").id, "-7");
}

TEST(PostFromJsonTest, RejectsBadIds) {
  EXPECT_THAT(ParseError(R"({"text":"t"})"), StartsWith("id: missing"));
  EXPECT_THAT(ParseError(R"({"id":"","text":"t"})"), StartsWith("id:"));
  EXPECT_THAT(ParseError(R"({"id":1.5,"text":"t"})"), StartsWith("id:"));
  EXPECT_THAT(ParseError(R"({"id":true,"text":"t"})"), StartsWith("id:"));
  EXPECT_THAT(ParseError(R"({"id":["1"],"text":"t"})"), StartsWith("id:"));
}

TEST(PostFromJsonTest, RejectsBadText) {
  EXPECT_THAT(ParseError(R"({"id":"1"})"), StartsWith("text: missing"));
  EXPECT_THAT(ParseError(R"({"id":"1","text":3})"), StartsWith("text:"));
  EXPECT_THAT(ParseError(R"({"id":"1","text":null})"), StartsWith("text:"));
}

TEST(PostFromJsonTest, RejectsNonStringOptionalFieldsNamingThem) {
  for (const char* field :
       {"title", "url", "author", "author_id", "lang", "platform"}) {
    const std::string line =
        std::string(R"({"id":"1","text":"t",")") + field + R"(":42})";
    EXPECT_THAT(ParseError(line), StartsWith(std::string(field) + ":"));
  }
}

TEST(PostFromJsonTest, RejectsWhatIsNotAJsonObject) {
  EXPECT_THAT(ParseError(R"({"id":"1","text":)"), StartsWith("invalid JSON"));
  EXPECT_THAT(ParseError(""), StartsWith("invalid JSON"));
  EXPECT_THAT(ParseError(R"({"id":"1","text":"t"} trailing)"),
              StartsWith("invalid JSON"));
  EXPECT_THAT(ParseError(R"(["id","text"])"), HasSubstr("object"));
  EXPECT_THAT(ParseError(R"("just a string")"), HasSubstr("object"));
}

TEST(PostFromJsonTest, RejectsInvalidUtf8) {
  EXPECT_THAT(ParseError("{\"id\":\"1\",\"text\":\"\xff\xfe\"}"),
              StartsWith("invalid JSON"));
}

TEST(PostFromJsonTest, KeepsUnicodeText) {
  Post p = MustParse(
      R"({"id":"1","text":"穿山甲 \u9cde\u7247 🐢 \"quoted\"\n2nd line"})");
  EXPECT_EQ(p.text, "穿山甲 鳞片 🐢 \"quoted\"\n2nd line");
}

TEST(PostFromJsonTest, CreatedAtAcceptsRfc3339Forms) {
  const int64_t ten = kMay1st2024Ms + 10 * 3600 * 1000;
  EXPECT_EQ(CreatedAt(R"("2024-05-01T10:00:00Z")"), ten);
  EXPECT_EQ(CreatedAt(R"("2024-05-01t10:00:00z")"), ten);
  EXPECT_EQ(CreatedAt(R"("2024-05-01 10:00:00Z")"), ten);
  EXPECT_EQ(CreatedAt(R"("2024-05-01T12:00:00+02:00")"), ten);
  EXPECT_EQ(CreatedAt(R"("2024-05-01T04:30:00-05:30")"), ten);
  EXPECT_EQ(CreatedAt(R"("2024-05-01T10:00:00+00:00")"), ten);
  EXPECT_EQ(CreatedAt(R"("2024-05-01T10:00:00.5Z")"), ten + 500);
  EXPECT_EQ(CreatedAt(R"("2024-05-01T10:00:00.123Z")"), ten + 123);
  // Finer than a millisecond is truncated, not rounded.
  EXPECT_EQ(CreatedAt(R"("2024-05-01T10:00:00.123999Z")"), ten + 123);
  EXPECT_EQ(CreatedAt(R"("2024-05-01T10:00:00.250+02:00")"),
            ten - 2 * 3600 * 1000 + 250);
  // An offset can move the instant to another day.
  EXPECT_EQ(CreatedAt(R"("2024-05-01T01:00:00+03:00")"),
            kMay1st2024Ms - 2 * 3600 * 1000);
  EXPECT_EQ(CreatedAt(R"("2024-02-29T00:00:00Z")"),
            kMay1st2024Ms - (1 + 31 + 30) * 86400LL * 1000);
  EXPECT_EQ(CreatedAt(R"("1970-01-01T00:00:00Z")"), 0);
  EXPECT_EQ(CreatedAt(R"("1969-12-31T23:59:59.999Z")"), -1);
}

TEST(PostFromJsonTest, CreatedAtAcceptsUnixSeconds) {
  EXPECT_EQ(CreatedAt("1714557600"), kMay1st2024Ms + 10 * 3600 * 1000);
  EXPECT_EQ(CreatedAt("1714557600.25"), kMay1st2024Ms + 10 * 3600 * 1000 + 250);
  EXPECT_EQ(CreatedAt("0"), 0);
  EXPECT_EQ(CreatedAt("-1.5"), -1500);
}

TEST(PostFromJsonTest, InvalidCreatedAtIsAnErrorNamingTheField) {
  for (const char* bad : {
           R"("2024-02-30T00:00:00Z")",  // No such day.
           R"("2023-02-29T00:00:00Z")",  // Not a leap year.
           R"("2024-13-01T00:00:00Z")",  // No such month.
           R"("2024-05-01T24:00:00Z")",  // No such hour.
           R"("2024-05-01T10:60:00Z")",  // No such minute.
           R"("2024-05-01T10:00:00")",   // No offset.
           R"("2024-05-01T10:00:00+2:00")",
           R"("2024-05-01T10:00:00+02:00 ")",
           R"("2024-05-01T10:00:00.Z")",  // Empty fraction.
           R"("2024-05-01")",
           R"("yesterday")",
           R"("")",
           "true",
           "[2024]",
           "1e300",
       }) {
    EXPECT_THAT(ParseError(R"({"id":"1","text":"t","created_at":)" +
                           std::string(bad) + "}"),
                StartsWith("created_at:"))
        << bad;
  }
}

TEST(PostFromJsonTest, AttributeScalarsAreKeptAsText) {
  Post p = MustParse(R"({"id":"1","text":"t","attributes":)"
                     R"({"price":12.5,"qty":3,"sold":false,"note":"x"}})");
  EXPECT_THAT(p.attributes,
              ::testing::ElementsAre(Pair("price", "12.5"), Pair("qty", "3"),
                                     Pair("sold", "false"), Pair("note", "x")));
}

TEST(PostFromJsonTest, RejectsNonScalarAttributes) {
  EXPECT_THAT(ParseError(R"({"id":"1","text":"t","attributes":[1]})"),
              StartsWith("attributes:"));
  EXPECT_THAT(
      ParseError(R"({"id":"1","text":"t","attributes":{"size":{"w":1}}})"),
      StartsWith("attributes.size:"));
  EXPECT_THAT(ParseError(R"({"id":"1","text":"t","attributes":{"x":null}})"),
              StartsWith("attributes.x:"));
}

TEST(PostFromJsonTest, UnknownFieldsBecomeAttributes) {
  Post p = MustParse(
      R"({"id":"1","text":"t","attributes":{"a":"1"},"shop":"S",)"
      R"("price":{"amount":5,"cur":"USD"},"tags":["x","y"],"n":null})");
  EXPECT_THAT(
      p.attributes,
      ::testing::ElementsAre(Pair("a", "1"), Pair("shop", "S"),
                             Pair("price", R"({"amount":5,"cur":"USD"})"),
                             Pair("tags", R"(["x","y"])"), Pair("n", "null")));
}

// PostFromJson reads most lines on a fast path of its own; whatever the
// line, it must give exactly what the general parser gives: the same Post,
// or the same error.
TEST(PostFromJsonTest, FastPathAgreesWithTheGeneralParser) {
  const std::vector<std::string> lines = {
      R"({"id":"p1","text":"ivory bangle","lang":"en"})",
      R"(  { "id" : "p1" ,	"text" : "t" }  )"
      "\r\n",
      R"({"text":"t","id":"p1","title":"T","url":"u","author":"a",)"
      R"("author_id":"ai","platform":"pf","created_at":"2024-05-01T10:00:00+02:00"})",
      R"({"id":"1","text":"t","shop":"S","attributes":{"a":"1","b":""},"z":"9"})",
      R"({"id":"1","text":"t","attributes":{}})",
      R"({"id":"1","text":"\"\\\/\b\f\n\r\t \u00e9\u9cde \ud83d\udc22 \u0000"})",
      R"({"i\u0064":"1","text":"t"})",
      "{\"id\":\"1\",\"text\":\"穿山甲 🐢 ngà\"}",
      // Duplicates: the general parser keeps the last value.
      R"({"id":"1","text":"a","text":"b"})",
      R"({"id":"1","text":"t","x":"1","x":"2"})",
      R"({"id":"1","text":"t","attributes":{"k":"1","k":"2"}})",
      // Values the fast path leaves to the general parser.
      R"({"id":7,"text":"t","created_at":1714557600.5})",
      R"({"id":"1","text":"t","n":null,"b":true,"o":{"k":[1]}})",
      R"({"id":"1","text":"t","attributes":{"price":12.5}})",
      "\xEF\xBB\xBF{\"id\":\"1\",\"text\":\"t\"}",
      // Errors.
      "", "{}", R"({"id":"","text":"t"})", R"({"id":"1"})", R"({"text":"t"})",
      R"({"id":"1","text":"t",})", R"({"id":"1","text":"t"} x)",
      R"({"id":"1","text":"t")", R"({"id":"1","text":"t)",
      R"({"id":"1","text":"\x"})", R"({"id":"1","text":"\u12"})",
      R"({"id":"1","text":"\udc00"})", R"({"id":"1","text":"\ud800"})",
      R"({"id":"1","text":"\ud800\u0041"})",
      R"({"id":"1","text":"t","created_at":"2024-13-01T00:00:00Z"})",
      R"({"id":"1","text":"t","lang":5})", "{\"id\":\"1\",\"text\":\"a\tb\"}",
      "{\"id\":\"1\",\"text\":\"\xC0\x80\"}",
      "{\"id\":\"1\",\"text\":\"\xE0\x80\x80\"}",
      "{\"id\":\"1\",\"text\":\"\xED\xA0\x80\"}",
      "{\"id\":\"1\",\"text\":\"\xF4\x90\x80\x80\"}",
      "{\"id\":\"1\",\"text\":\"\xF0\x9F\x90\"}",
      "{\"id\":\"1\",\"text\":\"\x80\"}"};
  // Whatever needs a closer look, at every offset into a word of 8 bytes.
  std::vector<std::string> all = lines;
  for (const char* special :
       {"\\\"", "\\u00e9", "\t", "\x7f", "\xC3\xA9", "\xC3", "\xFF", "\""}) {
    for (size_t at = 0; at < 17; ++at) {
      all.push_back(R"({"id":"1","text":")" + std::string(at, 'x') + special +
                    std::string(9, 'y') + R"("})");
    }
  }
  for (const std::string& line : all) {
    StatusOr<Post> fast = PostFromJson(line);
    StatusOr<Post> general = TEST_PostFromJsonGeneral(line);
    ASSERT_EQ(fast.ok(), general.ok()) << line;
    if (fast.ok()) {
      EXPECT_TRUE(*fast == *general) << line;
      EXPECT_EQ(fast->raw, line);
    } else {
      EXPECT_EQ(fast.status().message(), general.status().message()) << line;
    }
  }
}

TEST(PostFromJsonTest, ReadsEscapesAndUnknownFieldsInOrder) {
  Post p = MustParse(
      R"({"z":"last?","id":"1","text":"a\u00e9\ud83d\udc22\n","lang":"fr",)"
      R"("attributes":{"k":"v"}})");
  EXPECT_EQ(p.text, "a\xC3\xA9\xF0\x9F\x90\xA2\n");
  EXPECT_THAT(p.attributes,
              ::testing::ElementsAre(Pair("k", "v"), Pair("z", "last?")));
  EXPECT_EQ(MustParse(R"({"id":"1","text":"a","text":"b"})").text, "b");
}

TEST(PostToJsonTest, WritesUtcMillisecondsAndOmitsEmptyFields) {
  Post p;
  p.id = "42";
  p.text = "hello";
  p.created_at_ms = kMay1st2024Ms + 10 * 3600 * 1000 + 7;
  p.raw = "not written";
  EXPECT_EQ(PostToJson(p),
            R"({"id":"42","created_at":"2024-05-01T10:00:00.007Z",)"
            R"("text":"hello"})");
  p.created_at_ms = -1;
  EXPECT_THAT(PostToJson(p), HasSubstr(R"("1969-12-31T23:59:59.999Z")"));
  p.created_at_ms = kTimeUnknown;
  EXPECT_EQ(PostToJson(p), R"({"id":"42","text":"hello"})");
}

TEST(PostToJsonTest, RoundTripsEveryField) {
  Post p;
  p.id = "a/1";
  p.platform = "telegram";
  p.url = "https://t.test/c/1";
  p.author = "Nguyễn";
  p.author_id = "777";
  p.created_at_ms = kMay1st2024Ms + 123456789;
  p.title = "Sừng tê giác";
  p.text = "mua bán \"sừng\" 犀牛角 🦏\nline two\ttab";
  p.lang = "vi";
  p.attributes = {{"price", "100"}, {"currency", "USD"}, {"b", "true"}};
  const std::string line = PostToJson(p);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  Post back = MustParse(line);
  EXPECT_EQ(back.raw, line);
  back.raw.clear();
  EXPECT_EQ(back.id, p.id);
  EXPECT_EQ(back.platform, p.platform);
  EXPECT_EQ(back.url, p.url);
  EXPECT_EQ(back.author, p.author);
  EXPECT_EQ(back.author_id, p.author_id);
  EXPECT_EQ(back.created_at_ms, p.created_at_ms);
  EXPECT_EQ(back.title, p.title);
  EXPECT_EQ(back.text, p.text);
  EXPECT_EQ(back.lang, p.lang);
  EXPECT_EQ(back.attributes, p.attributes);
}

TEST(PostToJsonTest, RoundTripsDatesAcrossCenturies) {
  for (int64_t ms : {int64_t{0}, int64_t{-86'400'000}, int64_t{951'782'400'000},
                     int64_t{4'107'542'399'999}, int64_t{-2'208'988'800'001}}) {
    Post p;
    p.id = "1";
    p.created_at_ms = ms;
    EXPECT_EQ(MustParse(PostToJson(p)).created_at_ms, ms);
  }
}

}  // namespace
}  // namespace wildwatch
