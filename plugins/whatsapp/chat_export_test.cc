#include "plugins/whatsapp/chat_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/testing/test_data.h"

namespace wildwatch::whatsapp {
namespace {

using Kind = ChatEntry::Kind;
using ::wildwatch::testing::ReadFile;
using ::wildwatch::testing::UtcMs;

std::string Fixture(const std::string& name) {
  return ReadFile(std::string(WILDWATCH_SOURCE_DIR) +
                  "/plugins/whatsapp/testdata/" + name);
}

std::vector<const ChatEntry*> Messages(const ParsedChat& chat) {
  std::vector<const ChatEntry*> out;
  for (const ChatEntry& e : chat.entries) {
    if (e.kind == Kind::kMessage) out.push_back(&e);
  }
  return out;
}

size_t CountKind(const ParsedChat& chat, Kind kind) {
  size_t n = 0;
  for (const ChatEntry& e : chat.entries) n += e.kind == kind;
  return n;
}

TEST(ChatExportTest, UsEnglishTwelveHourWithNarrowNoBreakSpace) {
  std::string content = Fixture("us_english.txt");
  ParsedChat chat = ParseChatExport(content, {});
  EXPECT_EQ(chat.date_order, DateOrder::kMonthDayYear);
  EXPECT_EQ(CountKind(chat, Kind::kSystem), 2u);
  EXPECT_EQ(CountKind(chat, Kind::kMalformed), 0u);
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0]->author, "Ana Lima");
  EXPECT_EQ(m[0]->text, "Anyone have star tortoise hatchlings?");
  EXPECT_EQ(m[0]->time_ms, UtcMs(2024, 1, 15, 9, 7));
  EXPECT_EQ(m[1]->author, "+1 555-010-2233");
  EXPECT_EQ(m[1]->text,
            "Yes, 4 available\nprice 300 each\n\nshipping to LA ok");
  EXPECT_EQ(m[1]->time_ms, UtcMs(2024, 1, 15, 12, 30));
  EXPECT_EQ(m[1]->line, 4u);
  EXPECT_EQ(m[1]->raw,
            "1/15/24, 12:30\u202fPM - +1 555-010-2233: Yes, 4 available\n"
            "price 300 each\n\nshipping to LA ok");
  EXPECT_EQ(m[2]->media, "omitted");
  EXPECT_EQ(m[2]->text, "<Media omitted>");
  // 12 AM is just after midnight.
  EXPECT_EQ(m[3]->time_ms, UtcMs(2024, 1, 16, 0, 5));
  EXPECT_TRUE(m[3]->media.empty());
}

TEST(ChatExportTest, UkTwentyFourHourDayFirst) {
  std::string content = Fixture("uk_24h.txt");
  ParsedChat chat = ParseChatExport(content, {});
  EXPECT_EQ(chat.date_order, DateOrder::kDayMonthYear);
  EXPECT_EQ(CountKind(chat, Kind::kSystem), 2u);  // Notice and "left".
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0]->author, "Tom Reed");
  EXPECT_EQ(m[0]->time_ms, UtcMs(2024, 2, 3, 18, 46));
  EXPECT_EQ(m[2]->author, "Jo");
  EXPECT_EQ(m[2]->media, "IMG-20240214-WA0003.jpg");
  EXPECT_EQ(m[2]->time_ms, UtcMs(2024, 2, 14, 9, 0));
  EXPECT_EQ(m[3]->text, "This message was deleted");
}

TEST(ChatExportTest, GermanDotsAndTwoDigitYears) {
  std::string content = Fixture("german.txt");
  ParsedChat chat = ParseChatExport(content, {});
  EXPECT_EQ(chat.date_order, DateOrder::kDayMonthYear);
  EXPECT_EQ(CountKind(chat, Kind::kSystem), 1u);
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0]->author, "Max Müller");
  EXPECT_EQ(m[0]->text, "Elfenbein Armreifen zu verkaufen");
  EXPECT_EQ(m[0]->time_ms, UtcMs(2023, 3, 20, 7, 16));
  EXPECT_EQ(m[1]->media, "omitted");
  EXPECT_EQ(m[2]->text, "Wie viel?\nUnd Versand nach Wien?");
  EXPECT_EQ(m[2]->time_ms, UtcMs(2023, 3, 21, 22, 40));
}

TEST(ChatExportTest, IosBracketsAndDirectionMarks) {
  std::string content = Fixture("ios_brackets.txt");
  ParsedChat chat = ParseChatExport(content, {});
  EXPECT_EQ(chat.date_order, DateOrder::kDayMonthYear);
  EXPECT_EQ(CountKind(chat, Kind::kSystem), 1u);  // "Ana added Ben".
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0]->author, "Ana");
  // Marks inside the text stay; only leading ones go.
  EXPECT_EQ(m[0]->text, "Selling \u200erhino horn powder");
  EXPECT_EQ(m[0]->time_ms, UtcMs(2023, 6, 5, 14, 3, 5));
  EXPECT_TRUE(m[0]->raw.starts_with("\u200e[05/06/2023"));
  EXPECT_EQ(m[1]->author, "Ben");
  EXPECT_EQ(m[1]->media, "image");
  EXPECT_EQ(m[1]->text, "image omitted");
  EXPECT_EQ(m[2]->media, "00000012-PHOTO-2023-06-17-09-00-00.jpg");
  EXPECT_EQ(m[2]->time_ms, UtcMs(2023, 6, 17, 9, 0, 0));
  EXPECT_EQ(m[3]->text, "line one\nline two");
  EXPECT_EQ(m[4]->time_ms, UtcMs(2023, 6, 17, 21, 15, 0));
}

TEST(ChatExportTest, MalformedItemsAreReportedWithLineAndSkipped) {
  std::string content = Fixture("malformed.txt");
  ParsedChat chat = ParseChatExport(content, {});
  ASSERT_EQ(chat.entries.size(), 5u);
  EXPECT_EQ(chat.entries[0].kind, Kind::kMalformed);
  EXPECT_EQ(chat.entries[0].line, 1u);
  EXPECT_EQ(chat.entries[0].error, "text before the first message");
  EXPECT_EQ(chat.entries[2].kind, Kind::kMalformed);
  EXPECT_EQ(chat.entries[2].error, "impossible date");
  // The continuation belongs to the bad message and goes with it.
  EXPECT_EQ(chat.entries[2].raw,
            "31/02/2024, 10:01 - Kim: the 31st of February\n"
            "and its continuation");
  EXPECT_EQ(chat.entries[3].error, "impossible time");
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0]->text, "first good message");
  EXPECT_EQ(m[1]->author, "Lee");
}

TEST(ChatExportTest, EntriesTileTheExport) {
  std::string content = Fixture("us_english.txt");
  ParsedChat chat = ParseChatExport(content, {});
  size_t pos = 0;
  for (const ChatEntry& e : chat.entries) {
    EXPECT_EQ(e.begin, pos);
    EXPECT_EQ(content.substr(e.begin, e.raw.size()), e.raw);
    pos = e.end;
  }
  EXPECT_EQ(pos, content.size());
}

// The reference parser's sample: no number above 12, but the second number
// goes down within 2017 (05 -> 04), so it is the day.
TEST(ChatExportTest, SharedAndroidSampleInfersMonthFirstLikeReference) {
  // The sample lives in the shared data beside the checkout, not in it.
  const std::string path = std::string(WILDWATCH_SHARED_DIR) +
                           "/data/whatsapp_android_sample_short-chat.txt";
  if (!std::ifstream(path)) GTEST_SKIP() << path << " is not present";
  std::string content = ReadFile(path);
  ParsedChat chat = ParseChatExport(content, {});
  EXPECT_EQ(chat.date_order, DateOrder::kMonthDayYear);
  EXPECT_EQ(CountKind(chat, Kind::kSystem), 2u);
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0]->author, "Sample User");
  EXPECT_EQ(m[0]->text, "This is a test message");
  EXPECT_EQ(m[0]->time_ms, UtcMs(2017, 6, 3, 0, 45));
  EXPECT_EQ(m[1]->author, "TestBot");
  EXPECT_EQ(m[1]->time_ms, UtcMs(2017, 8, 5, 1, 48));
  EXPECT_EQ(m[2]->author, "+410123456789");
  EXPECT_EQ(m[2]->text, "How are you?\nIs everything alright?");
  EXPECT_EQ(m[2]->time_ms, UtcMs(2017, 9, 4, 1, 50));
}

TEST(ChatExportTest, ForcedOrderAndTimezoneOffset) {
  std::string content =
      "01/02/2024, 10:00 - Ana: a\n"
      "03/04/2024, 10:00 - Ana: b\n";
  ParsedChat dmy = ParseChatExport(content, {DateOrder::kDayMonthYear, 60});
  ASSERT_EQ(Messages(dmy).size(), 2u);
  // 10:00 at UTC+1 is 09:00 UTC.
  EXPECT_EQ(Messages(dmy)[0]->time_ms, UtcMs(2024, 2, 1, 9, 0));
  ParsedChat mdy = ParseChatExport(content, {DateOrder::kMonthDayYear, -300});
  EXPECT_EQ(Messages(mdy)[0]->time_ms, UtcMs(2024, 1, 2, 15, 0));
}

TEST(ChatExportTest, YearFirstDatesAndAmPmSpellings) {
  std::string content =
      "2024-01-15, 9:30 a.m. - Ana: one\r\n"
      "2024-01-15, 3:45 p. m. - Ben: two\r\n"
      "continued\r\n"
      "2024-01-16 14:00 - Ana: three\r\n";
  ParsedChat chat = ParseChatExport(content, {});
  EXPECT_EQ(chat.date_order, DateOrder::kYearMonthDay);
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0]->time_ms, UtcMs(2024, 1, 15, 9, 30));
  EXPECT_EQ(m[1]->time_ms, UtcMs(2024, 1, 15, 15, 45));
  EXPECT_EQ(m[1]->text, "two\ncontinued");  // Carriage returns dropped.
  EXPECT_EQ(m[2]->time_ms, UtcMs(2024, 1, 16, 14, 0));
}

TEST(ChatExportTest, FourDigitYearsMonthFirstByChangeFrequency) {
  // Neither number exceeds 12 nor goes down; the second changes more.
  std::string content =
      "1/2/2024, 10:00 - Ana: a\n"
      "1/5/2024, 10:00 - Ana: b\n"
      "1/9/2024, 10:00 - Ana: c\n"
      "2/10/2024, 10:00 - Ana: d\n";
  ParsedChat chat = ParseChatExport(content, {});
  EXPECT_EQ(chat.date_order, DateOrder::kMonthDayYear);
  EXPECT_EQ(Messages(chat)[3]->time_ms, UtcMs(2024, 2, 10, 10, 0));
}

TEST(ChatExportTest, ProseIsNotAHeaderAndGarbageNeverCrashes) {
  std::string content =
      "12/05/2024, 10:00 - Ana: price list\n"
      "1/2 kg for 300, 10:00 pickup\n"
      "12.5.2024 was the date\n";
  ParsedChat chat = ParseChatExport(content, {});
  auto m = Messages(chat);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->text,
            "price list\n1/2 kg for 300, 10:00 pickup\n12.5.2024 was the date");
  std::string garbage;
  for (int i = 0; i < 4096; ++i) {
    garbage.push_back(static_cast<char>((i * 7919) % 256));
    if (i % 61 == 0) garbage += "\n1/1/24, 1:1 - :";
  }
  ParsedChat junk = ParseChatExport(garbage, {});
  EXPECT_FALSE(junk.entries.empty());
  EXPECT_TRUE(ParseChatExport("", {}).entries.empty());
}

}  // namespace
}  // namespace wildwatch::whatsapp
