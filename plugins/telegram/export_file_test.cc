#include "plugins/telegram/export_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/test_data.h"

namespace wildwatch::telegram {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ReadTestData(const std::string& name) {
  return ::wildwatch::testing::ReadFile(std::string(WILDWATCH_SOURCE_DIR) +
                                        "/plugins/telegram/testdata/" + name);
}

TEST(ExportFileTest, ReadsASingleChatExport) {
  StatusOr<std::unique_ptr<ExportFile>> file =
      ExportFile::Parse(ReadTestData("channel/result.json"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ((*file)->chats().size(), 1u);
  const ExportChat& chat = (*file)->chats()[0];
  EXPECT_EQ(chat.id, "1783402231");
  EXPECT_EQ(chat.name, "Exotic Pets Wholesale");
  EXPECT_EQ(chat.type, "public_channel");
  EXPECT_EQ(chat.username, "");
  ASSERT_EQ(chat.messages.size(), 9u);
  EXPECT_THAT(chat.messages[0], StartsWith("{\n   \"id\": 1,\n"));
  EXPECT_THAT(std::string(chat.messages[8]), HasSubstr("\"id\": 9,"));
  EXPECT_EQ(chat.messages[8].back(), '}');
  EXPECT_TRUE((*file)->problems().empty());
}

TEST(ExportFileTest, ReadsEveryChatOfAnAccountExport) {
  StatusOr<std::unique_ptr<ExportFile>> file =
      ExportFile::Parse(ReadTestData("account/result.json"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ((*file)->chats().size(), 2u);
  EXPECT_EQ((*file)->chats()[0].id, "1622100100");
  EXPECT_EQ((*file)->chats()[0].type, "public_supergroup");
  EXPECT_EQ((*file)->chats()[0].messages.size(), 3u);
  EXPECT_EQ((*file)->chats()[1].id, "70002");
  EXPECT_EQ((*file)->chats()[1].name, "Ben");
  EXPECT_EQ((*file)->chats()[1].messages.size(), 1u);
}

TEST(ExportFileTest, ReadsLeftChatsAfterChats) {
  StatusOr<std::unique_ptr<ExportFile>> file = ExportFile::Parse(
      R"({"left_chats": {"list": [{"id": 2, "messages": []}]},
          "chats": {"list": [{"id": 1, "messages": [{"id": 5}]}]}})");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ((*file)->chats().size(), 2u);
  // In file order: whichever section comes first.
  EXPECT_EQ((*file)->chats()[0].id, "2");
  EXPECT_EQ((*file)->chats()[1].id, "1");
}

TEST(ExportFileTest, TakesTheUsernameFromALink) {
  for (const auto& [link, username] :
       std::vector<std::pair<std::string, std::string>>{
           {R"("link": "https://t.me/ivory_hub")", "ivory_hub"},
           {R"("link": "t.me/ivory_hub/12")", "ivory_hub"},
           {R"("username": "ivory_hub")", "ivory_hub"},
           {R"("link": "https://t.me/+AbCdEf")", ""},
           {R"("link": "https://t.me/joinchat/AbCdEf")", ""},
       }) {
    StatusOr<std::unique_ptr<ExportFile>> file =
        ExportFile::Parse(R"({"id": 1, "type": "public_channel", )" + link +
                          R"(, "messages": []})");
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    EXPECT_EQ((*file)->chats()[0].username, username) << link;
  }
}

TEST(ExportFileTest, LeavesOutAChatWithoutIdAndKeepsTheRest) {
  StatusOr<std::unique_ptr<ExportFile>> file = ExportFile::Parse(
      R"({"chats": {"list": [{"name": "x", "messages": []},
                             {"id": 7, "messages": [{"id": 1}]}]}})");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ((*file)->chats().size(), 1u);
  EXPECT_EQ((*file)->chats()[0].id, "7");
  ASSERT_EQ((*file)->problems().size(), 1u);
  EXPECT_THAT((*file)->problems()[0], HasSubstr("chats.list[0]"));
}

TEST(ExportFileTest, RejectsWhatIsNotAnExport) {
  EXPECT_THAT(ExportFile::Parse(R"({"posts": []})").status().message(),
              HasSubstr("not a Telegram Desktop export"));
  EXPECT_FALSE(ExportFile::Parse(R"({"messages": [{"id": 1})").ok());
  EXPECT_FALSE(ExportFile::Parse("").ok());
  EXPECT_FALSE(ExportFile::Parse(R"({"messages": {}})").ok());
}

}  // namespace
}  // namespace wildwatch::telegram
