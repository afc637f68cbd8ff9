#include "plugins/common/http/url.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins {
namespace {

TEST(UrlTest, EncodesAllButUnreserved) {
  EXPECT_EQ(UrlEncode("tiger bone/wine"), "tiger%20bone%2Fwine");
  EXPECT_EQ(UrlEncode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(UrlEncode("ngà voi"), "ng%C3%A0%20voi");
}

TEST(UrlTest, SetsQueryParameters) {
  EXPECT_EQ(WithQueryParameter("https://a.example/s", "page", "2"),
            "https://a.example/s?page=2");
  EXPECT_EQ(WithQueryParameter("https://a.example/s?q=x&page=1", "page", "2"),
            "https://a.example/s?q=x&page=2");
  EXPECT_EQ(WithQueryParameter("https://a.example/s?page=1&q=x&page=3#top",
                               "page", "2"),
            "https://a.example/s?page=2&q=x#top");
  EXPECT_EQ(WithQueryParameter("https://a.example/s?", "c", "a b"),
            "https://a.example/s?c=a%20b");
  EXPECT_EQ(WithQueryParameter("https://a.example/s?pages=9", "page", "1"),
            "https://a.example/s?pages=9&page=1");
}

}  // namespace
}  // namespace wildwatch::plugins
