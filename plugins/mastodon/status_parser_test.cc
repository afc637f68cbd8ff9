#include "plugins/mastodon/status_parser.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins::mastodon {
namespace {

using nlohmann::json;

// Shaped like the Status entity of the Mastodon API documentation.
json Status() {
  return json::parse(R"({
    "id": "103270115826048975",
    "created_at": "2019-12-08T03:48:33.901Z",
    "in_reply_to_id": null,
    "sensitive": false,
    "spoiler_text": "",
    "visibility": "public",
    "language": "en",
    "uri": "https://mastodon.example/users/trader/statuses/103270115826048975",
    "url": "https://mastodon.example/@trader/103270115826048975",
    "content": "<p>Raw <a href=\"https://mastodon.example/tags/ivory\" class=\"mention hashtag\" rel=\"tag\">#<span>ivory</span></a> tusks&nbsp;for sale<br />DM &amp; pay</p><p>Ships worldwide</p>",
    "reblog": null,
    "account": {"id": "1", "username": "trader", "acct": "trader@other.example",
                "display_name": "Trader", "url": "https://other.example/@trader"},
    "media_attachments": [{"id": "22345792", "type": "image",
      "url": "https://files.example/original/ivory.png",
      "description": "carved tusk"}],
    "tags": [{"name": "ivory", "url": "https://mastodon.example/tags/ivory"}]
  })");
}

TEST(StatusParserTest, MapsTheDocumentedFields) {
  StatusOr<sdk::Post> post = ParseStatus(Status(), "raw bytes");
  ASSERT_TRUE(post.ok()) << post.status().ToString();
  EXPECT_EQ(post->id, "103270115826048975");
  EXPECT_EQ(post->url, "https://mastodon.example/@trader/103270115826048975");
  EXPECT_EQ(post->author, "trader@other.example");
  EXPECT_EQ(post->author_id, "1");
  EXPECT_EQ(post->lang, "en");
  EXPECT_EQ(post->created_at_ms, 1575776913901);
  EXPECT_EQ(post->text, "Raw #ivory tusks for sale\nDM & pay\nShips worldwide");
  EXPECT_EQ(post->raw, "raw bytes");
  using Attr = std::pair<std::string, std::string>;
  EXPECT_EQ(post->attributes,
            (std::vector<Attr>{
                {"tag", "ivory"},
                {"media_url", "https://files.example/original/ivory.png"},
                {"media_description", "carved tusk"}}));
}

TEST(StatusParserTest, SpoilerTextLeadsAndUriStandsInForUrl) {
  json status = Status();
  status["spoiler_text"] = "CW: wildlife products";
  status["url"] = nullptr;
  status["sensitive"] = true;
  StatusOr<sdk::Post> post = ParseStatus(status, "");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->text.substr(0, 22), "CW: wildlife products\n");
  EXPECT_EQ(post->url, status["uri"]);
  EXPECT_EQ(post->attributes.back(),
            (std::pair<std::string, std::string>{"sensitive", "true"}));
}

TEST(StatusParserTest, BoostsYieldTheBoostedStatus) {
  json boost = {{"id", "200"},
                {"content", ""},
                {"account", {{"id", "9"}, {"acct", "booster"}}},
                {"reblog", Status()}};
  StatusOr<sdk::Post> post = ParseStatus(boost, "");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->id, "103270115826048975");
  EXPECT_EQ(post->author, "trader@other.example");
  EXPECT_EQ(post->attributes.front(),
            (std::pair<std::string, std::string>{"reblogged_by", "booster"}));
}

TEST(StatusParserTest, RejectsMalformedStatuses) {
  json no_id = Status();
  no_id.erase("id");
  json numeric_content = Status();
  numeric_content["content"] = 5;
  json no_account = Status();
  no_account.erase("account");
  json bad_time = Status();
  bad_time["created_at"] = "yesterday";
  json bad_tags = Status();
  bad_tags["tags"] = "ivory";
  for (const json& bad : {no_id, numeric_content, no_account, bad_time,
                          bad_tags, json::array(), json("text")}) {
    StatusOr<sdk::Post> post = ParseStatus(bad, "");
    EXPECT_FALSE(post.ok()) << bad.dump();
    if (!post.ok()) {
      EXPECT_EQ(post.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(StatusParserTest, OrdersIdsNumerically) {
  EXPECT_TRUE(IdLess("99", "100"));
  EXPECT_FALSE(IdLess("100", "99"));
  EXPECT_TRUE(IdLess("103270115826048975", "103270115826048976"));
  EXPECT_TRUE(IdLess("", "1"));
  EXPECT_FALSE(IdLess("5", "5"));
}

}  // namespace
}  // namespace wildwatch::plugins::mastodon
