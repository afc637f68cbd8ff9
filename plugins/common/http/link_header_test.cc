#include "plugins/common/http/link_header.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins {
namespace {

TEST(LinkHeaderTest, ReadsMastodonPaging) {
  auto links = ParseLinkHeader(
      "<https://m.example/api/v1/timelines/tag/ivory?max_id=7>; rel=\"next\", "
      "<https://m.example/api/v1/timelines/tag/ivory?min_id=9>; rel=\"prev\"");
  EXPECT_EQ(links["next"],
            "https://m.example/api/v1/timelines/tag/ivory?max_id=7");
  EXPECT_EQ(links["prev"],
            "https://m.example/api/v1/timelines/tag/ivory?min_id=9");
  EXPECT_EQ(links.size(), 2u);
}

TEST(LinkHeaderTest, HandlesBareAndMultipleRelationsAndOtherParameters) {
  auto links = ParseLinkHeader(
      "<https://a.example/p2>; title=\"Page, two\"; REL=next, "
      "<https://a.example/p1>;rel=\"first prev\"");
  EXPECT_EQ(links["next"], "https://a.example/p2");
  EXPECT_EQ(links["first"], "https://a.example/p1");
  EXPECT_EQ(links["prev"], "https://a.example/p1");
}

TEST(LinkHeaderTest, FirstLinkOfARelationWinsAndGarbageIsIgnored) {
  auto links =
      ParseLinkHeader("<https://a/1>; rel=next, <https://a/2>; rel=next");
  EXPECT_EQ(links["next"], "https://a/1");
  EXPECT_TRUE(ParseLinkHeader("").empty());
  EXPECT_TRUE(ParseLinkHeader("not a link header").empty());
  EXPECT_TRUE(ParseLinkHeader("<https://a/unterminated; rel=next").empty());
  EXPECT_TRUE(ParseLinkHeader("<https://a/no-rel>; title=x").empty());
}

}  // namespace
}  // namespace wildwatch::plugins
