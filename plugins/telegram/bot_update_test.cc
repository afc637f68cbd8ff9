#include "plugins/telegram/bot_update.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wildwatch::telegram {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Pair;

std::optional<sdk::Post> Convert(const std::string& raw) {
  StatusOr<std::optional<sdk::Post>> post =
      ConvertBotUpdate(nlohmann::json::parse(raw), raw);
  EXPECT_TRUE(post.ok()) << post.status().ToString();
  return post.ok() ? *post : std::nullopt;
}

TEST(BotUpdateTest, GroupMessage) {
  const std::string raw = R"({"update_id": 500, "message": {
      "message_id": 42, "date": 1700000000,
      "from": {"id": 9001, "is_bot": false, "first_name": "Ana", "username": "ana_t"},
      "chat": {"id": -1001234567890, "title": "Reptile Market",
               "username": "reptilemkt", "type": "supergroup"},
      "text": "ivory bangles for sale",
      "entities": [{"type": "text_link", "offset": 0, "length": 5,
                    "url": "https://shop.example/i"}]}})";
  std::optional<sdk::Post> p = Convert(raw);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->id, "-1001234567890:42");
  EXPECT_EQ(p->url, "https://t.me/reptilemkt/42");
  EXPECT_EQ(p->author, "ana_t");
  EXPECT_EQ(p->author_id, "9001");
  EXPECT_EQ(p->created_at_ms, 1700000000000);
  EXPECT_EQ(p->title, "Reptile Market");
  EXPECT_EQ(p->text, "ivory bangles for sale");
  EXPECT_EQ(p->raw, raw);
  EXPECT_THAT(p->attributes,
              ElementsAre(Pair("update_type", "message"),
                          Pair("chat_type", "supergroup"),
                          Pair("link", "https://shop.example/i")));
}

TEST(BotUpdateTest, ChannelPostWithCaption) {
  std::optional<sdk::Post> p = Convert(R"({"update_id": 1, "channel_post": {
      "message_id": 7, "date": 1700000100,
      "sender_chat": {"id": -100555, "title": "Scales Wholesale", "type": "channel"},
      "chat": {"id": -100555, "title": "Scales Wholesale", "type": "channel"},
      "photo": [{"file_id": "a", "width": 90, "height": 90}],
      "caption": "pangolin scales 2kg",
      "forward_origin": {"type": "channel", "chat": {"id": -1, "title": "Origin"}}}})");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->id, "-100555:7");
  EXPECT_EQ(p->url, "");  // A private channel has no public link.
  EXPECT_EQ(p->author, "Scales Wholesale");
  EXPECT_EQ(p->author_id, "-100555");
  EXPECT_EQ(p->text, "pangolin scales 2kg");
  EXPECT_THAT(p->attributes, Contains(Pair("media", "photo")));
  EXPECT_THAT(p->attributes, Contains(Pair("forwarded_from", "Origin")));
}

TEST(BotUpdateTest, EditGetsItsOwnId) {
  std::optional<sdk::Post> p = Convert(R"({"update_id": 2, "edited_message": {
      "message_id": 42, "date": 1700000000, "edit_date": 1700000500,
      "from": {"id": 9001, "first_name": "Ana", "last_name": "T"},
      "chat": {"id": 9001, "first_name": "Ana", "type": "private"},
      "document": {"file_id": "d", "file_name": "price.pdf",
                   "mime_type": "application/pdf"},
      "caption": "updated price list"}})");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->id, "9001:42:edited:1700000500");
  EXPECT_EQ(p->author, "Ana T");
  EXPECT_EQ(p->title, "Ana");
  EXPECT_THAT(
      p->attributes,
      ElementsAre(Pair("update_type", "edited_message"),
                  Pair("chat_type", "private"), Pair("edit_date", "1700000500"),
                  Pair("media", "document"), Pair("file_name", "price.pdf"),
                  Pair("mime_type", "application/pdf")));
}

TEST(BotUpdateTest, OtherUpdateKindsCarryNoPost) {
  EXPECT_FALSE(Convert(R"({"update_id": 3, "callback_query": {"id": "x"}})")
                   .has_value());
}

TEST(BotUpdateTest, MalformedMessagesAreErrors) {
  for (
      const char* raw :
      {R"({"update_id": 4, "message": {"message_id": 1}})",
       R"({"update_id": 4, "message": {"chat": {"id": 1}}})",
       R"({"update_id": 4, "message": "text"})",
       R"({"update_id": 4, "channel_post": {"message_id": 1, "chat": {"id": "x"}}})"}) {
    EXPECT_FALSE(ConvertBotUpdate(nlohmann::json::parse(raw), raw).ok()) << raw;
  }
}

TEST(BotUpdateTest, UpdateId) {
  EXPECT_EQ(*BotUpdateId(nlohmann::json::parse(R"({"update_id": 77})")), 77);
  EXPECT_FALSE(
      BotUpdateId(nlohmann::json::parse(R"({"update_id": "77"})")).ok());
  EXPECT_FALSE(BotUpdateId(nlohmann::json::parse(R"({"message": {}})")).ok());
  EXPECT_FALSE(BotUpdateId(nlohmann::json::parse("[1]")).ok());
}

TEST(BotUpdateTest, RetryAfterFromTheBody) {
  EXPECT_EQ(BotRetryAfter(R"({"ok": false, "error_code": 429,
      "description": "Too Many Requests: retry after 3",
      "parameters": {"retry_after": 3}})"),
            std::chrono::seconds(3));
  EXPECT_LT(BotRetryAfter(R"({"ok": false, "error_code": 502})").count(), 0);
  EXPECT_LT(BotRetryAfter("<html>Bad Gateway</html>").count(), 0);
}

}  // namespace
}  // namespace wildwatch::telegram
