#include "plugins/telegram/export_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/test_data.h"

namespace wildwatch::telegram {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

class ExportMessageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<std::unique_ptr<ExportFile>> file =
        ExportFile::Parse(::wildwatch::testing::ReadFile(
            std::string(WILDWATCH_SOURCE_DIR) +
            "/plugins/telegram/testdata/channel/result.json"));
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    file_ = std::move(*file);
  }

  const ExportChat& chat() const { return file_->chats()[0]; }

  // The message with fixture id message_id (ids there run 1..9).
  ExportMessage Convert(int message_id, std::string_view username = "") {
    StatusOr<ExportMessage> m =
        ConvertExportMessage(chat(), username, chat().messages[message_id - 1]);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : ExportMessage{};
  }

  std::unique_ptr<ExportFile> file_;
};

TEST_F(ExportMessageTest, PlainTextMessage) {
  ExportMessage m = Convert(2, "exoticpets");
  ASSERT_EQ(m.kind, MessageKind::kPost);
  const sdk::Post& p = m.post;
  EXPECT_EQ(p.id, "1783402231:2");
  EXPECT_EQ(p.url, "https://t.me/exoticpets/2");
  EXPECT_EQ(p.author, "Exotic Pets Wholesale");
  EXPECT_EQ(p.author_id, "channel1783402231");
  EXPECT_EQ(p.created_at_ms, 1677661512000);
  EXPECT_EQ(p.title, "Exotic Pets Wholesale");
  EXPECT_EQ(p.text, "Raw ivory bangles in stock, DM for price");
  EXPECT_EQ(p.raw, chat().messages[1]);
  EXPECT_THAT(p.attributes, ElementsAre(Pair("chat_type", "public_channel")));
}

TEST_F(ExportMessageTest, NoUsernameNoUrl) {
  EXPECT_EQ(Convert(2).post.url, "");
}

TEST_F(ExportMessageTest, EntitiesAreJoinedAndRecorded) {
  ExportMessage m = Convert(3);
  EXPECT_EQ(m.post.text,
            "Pangolin scales 5kg, see https://shop.example/scales or our "
            "catalogue, ask @scale_trader #tcm");
  EXPECT_THAT(
      m.post.attributes,
      ElementsAre(Pair("chat_type", "public_channel"),
                  Pair("link", "https://shop.example/scales"),
                  Pair("link", "https://catalogue.example/p/17"),
                  Pair("mention", "@scale_trader"), Pair("hashtag", "#tcm")));
}

TEST_F(ExportMessageTest, TextArrayWithoutTextEntities) {
  ExportChat chat{"5", "Shop", "private_group", "", {}};
  StatusOr<ExportMessage> m = ConvertExportMessage(chat, "", R"({
      "id": 3, "type": "message", "from": null,
      "text": ["ivory ", {"type": "bold", "text": "chopsticks"},
               {"type": "text_link", "text": "here", "href": "https://x.example"}]
    })");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->post.text, "ivory chopstickshere");
  EXPECT_EQ(m->post.author, "");
  EXPECT_EQ(m->post.created_at_ms, WW_TIME_UNKNOWN);
  EXPECT_THAT(m->post.attributes, Contains(Pair("link", "https://x.example")));
}

TEST_F(ExportMessageTest, PhotoCaptionIsTheText) {
  ExportMessage m = Convert(4);
  EXPECT_EQ(m.post.text,
            "Live radiated tortoises, CB 2022, shipping worldwide");
  EXPECT_THAT(
      m.post.attributes,
      Contains(Pair("photo", "photos/photo_1@03-03-2023_08-00-00.jpg")));
}

TEST_F(ExportMessageTest, EditIsRecorded) {
  ExportMessage m = Convert(6);
  EXPECT_EQ(m.post.created_at_ms, 1677924000000);
  EXPECT_THAT(m.post.attributes,
              Contains(Pair("edited", "2023-03-04T10:15:30")));
  EXPECT_THAT(m.post.attributes,
              Contains(Pair("edited_unixtime", "1677924930")));
}

TEST_F(ExportMessageTest, ForwardIsRecorded) {
  EXPECT_THAT(Convert(7).post.attributes,
              Contains(Pair("forwarded_from", "Reptile Traders Asia")));
}

TEST_F(ExportMessageTest, HexEscapesAndLineSeparatorAreDecoded) {
  ExportMessage m = Convert(8);
  EXPECT_EQ(m.post.text,
            "tiger\tbone wine\x01 \xE2\x80\xA8next line, path C:\\x41");
  // The evidence keeps the escapes as the file has them.
  EXPECT_THAT(m.post.raw, HasSubstr(R"(tiger\x09bone wine\x01 \u2028)"));
}

TEST_F(ExportMessageTest, FileMediaAttributes) {
  ExportMessage m = Convert(9);
  EXPECT_EQ(m.post.text, "Shark fin, dried, bulk");
  EXPECT_THAT(m.post.attributes, Contains(Pair("media_type", "video_file")));
  EXPECT_THAT(m.post.attributes, Contains(Pair("mime_type", "video/mp4")));
  EXPECT_THAT(m.post.attributes,
              Contains(Pair("file", HasSubstr("File not included"))));
}

TEST_F(ExportMessageTest, ServiceAndUnsupportedMessagesAreNotPosts) {
  EXPECT_EQ(Convert(1).kind, MessageKind::kService);
  EXPECT_EQ(Convert(5).kind, MessageKind::kService);
  StatusOr<ExportMessage> m =
      ConvertExportMessage(chat(), "", R"({"id": 10, "type": "unsupported"})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->kind, MessageKind::kUnsupported);
}

TEST_F(ExportMessageTest, LocationBecomesOneAttribute) {
  StatusOr<ExportMessage> m =
      ConvertExportMessage(chat(), "",
                           R"({"id": 4, "type": "message", "text": "",
          "location_information": {"latitude": 10.5, "longitude": 106.25}})");
  ASSERT_TRUE(m.ok());
  EXPECT_THAT(m->post.text, IsEmpty());
  EXPECT_THAT(m->post.attributes, Contains(Pair("location", "10.5,106.25")));
}

TEST_F(ExportMessageTest, MalformedMessagesAreErrors) {
  for (std::string_view raw :
       {R"([1, 2])", R"({"type": "message", "text": "x"})",
        R"({"id": "12", "text": "x"})", R"({"id": 1, "text": "\xZZ"})",
        R"({"id": 1.5})"}) {
    StatusOr<ExportMessage> m = ConvertExportMessage(chat(), "", raw);
    EXPECT_FALSE(m.ok()) << raw;
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument) << raw;
  }
}

TEST_F(ExportMessageTest, BadDatesAreUnknownNotErrors) {
  for (std::string_view raw :
       {R"({"id": 1, "date_unixtime": "soon"})",
        R"({"id": 1, "date_unixtime": ""})",
        R"({"id": 1, "date_unixtime": "99999999999999999999"})"}) {
    StatusOr<ExportMessage> m = ConvertExportMessage(chat(), "", raw);
    ASSERT_TRUE(m.ok()) << raw;
    EXPECT_EQ(m->post.created_at_ms, WW_TIME_UNKNOWN) << raw;
  }
}

}  // namespace
}  // namespace wildwatch::telegram
