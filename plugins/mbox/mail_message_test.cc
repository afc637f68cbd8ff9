#include "plugins/mbox/mail_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "plugins/mbox/mbox_reader.h"
#include "tests/testing/test_data.h"

namespace wildwatch::mbox {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::wildwatch::testing::UtcMs;

// The messages of testdata/sample.mbox, in order.
std::vector<std::string> SampleMessages() {
  std::ifstream in(
      std::string(WILDWATCH_SOURCE_DIR) + "/plugins/mbox/testdata/sample.mbox",
      std::ios::binary);
  EXPECT_TRUE(in);
  MboxReader reader(&in, 0);
  std::vector<std::string> messages;
  MboxEntry e;
  while (reader.Next(&e)) messages.push_back(e.message);
  return messages;
}

class SampleTest : public ::testing::Test {
 protected:
  void SetUp() override { messages_ = SampleMessages(); }
  MailMessage Parse(size_t i) {
    EXPECT_LT(i, messages_.size());
    auto mail = ParseMailMessage(messages_[i]);
    EXPECT_TRUE(mail.ok()) << mail.status().ToString();
    return mail.ok() ? *mail : MailMessage{};
  }
  std::vector<std::string> messages_;
};

TEST_F(SampleTest, HasNineMessages) { EXPECT_EQ(messages_.size(), 9u); }

TEST_F(SampleTest, PlainAsciiWithUnquotedFromLines) {
  MailMessage m = Parse(0);
  EXPECT_EQ(m.message_id, "plain-1@example.org");
  EXPECT_EQ(m.author, "Ana Lima <ana@example.org>");
  EXPECT_EQ(m.author_address, "ana@example.org");
  EXPECT_EQ(m.to, "buyer@example.com");
  EXPECT_EQ(m.subject, "Star tortoises");
  EXPECT_EQ(m.date_ms, UtcMs(2024, 1, 15, 13, 3, 5));
  EXPECT_EQ(m.body,
            "Four star tortoise hatchlings available.\n"
            "From the breeder directly.\n>From here on quoted twice.");
  EXPECT_TRUE(m.attachments.empty());
}

TEST_F(SampleTest, Latin1QuotedPrintableAndEncodedWords) {
  MailMessage m = Parse(1);
  EXPECT_EQ(m.author, "Jörg Müller <joerg@example.de>");
  EXPECT_EQ(m.subject, "Elfenbein für Sammler");
  EXPECT_EQ(m.body,
            "Schöne Schnitzerei aus Elfenbein, 2 Stück, sehr groß und alt.");
  EXPECT_EQ(m.date_ms, UtcMs(2024, 1, 16, 9, 0));
}

TEST_F(SampleTest, Windows1252EightBit) {
  MailMessage m = Parse(2);
  EXPECT_EQ(m.author, "trader@example.net");
  EXPECT_EQ(m.body, "Price: €450 for “genuine” rhino horn – ships today.");
  EXPECT_EQ(m.date_ms, UtcMs(2024, 1, 17, 15, 30));
}

TEST_F(SampleTest, Base64Utf8Chinese) {
  MailMessage m = Parse(3);
  EXPECT_EQ(m.author, "李伟 <li@example.cn>");
  EXPECT_EQ(m.subject, "象牙出售");
  EXPECT_EQ(m.body, "象牙手镯，价格面议。");
  EXPECT_EQ(m.date_ms, UtcMs(2024, 1, 18, 0, 0));
}

TEST_F(SampleTest, HtmlOnlyIsReducedToText) {
  MailMessage m = Parse(4);
  EXPECT_EQ(m.body, "Pangolin scales\nDM & pay");
}

TEST_F(SampleTest, AlternativePrefersPlainText) {
  MailMessage m = Parse(5);
  EXPECT_EQ(m.body, "Tortoise hatchlings available");
}

TEST_F(SampleTest, AttachmentsAreListedNotRead) {
  MailMessage m = Parse(6);
  EXPECT_EQ(m.body, "See the attached list – prices in EUR.");
  EXPECT_THAT(m.attachments, ElementsAre("price list.pdf", "notes.txt"));
  EXPECT_THAT(m.body, Not(HasSubstr("narwhal")));
}

TEST_F(SampleTest, HeaderlessEntryIsRejected) {
  auto m = ParseMailMessage(messages_[7]);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(m.status().message(), HasSubstr("header"));
}

TEST_F(SampleTest, MissingIdAndDateStayEmpty) {
  MailMessage m = Parse(8);
  EXPECT_TRUE(m.message_id.empty());
  EXPECT_EQ(m.date_ms, kTimeUnknown);
  EXPECT_EQ(m.author, "anon@example.org");
  EXPECT_EQ(m.body, "Message without a Message-ID header or a date.");
}

TEST(MailMessageTest, InvalidBytesBecomeReplacementCharacters) {
  auto m = ParseMailMessage(
      "From: x@example.org\nSubject: bad \xff bytes\n"
      "Content-Type: text/plain; charset=x-unknown-charset\n\nbody \xfe\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_THAT(m->body, HasSubstr("\xEF\xBF\xBD"));
  EXPECT_EQ(m->body.find('\xfe'), std::string::npos);
  EXPECT_EQ(m->subject.find('\xff'), std::string::npos);
}

TEST(MailMessageTest, GarbageNeverCrashes) {
  std::string junk = "X: y\n";
  for (int i = 0; i < 3000; ++i) {
    junk.push_back(static_cast<char>((i * 131) % 256));
    if (i % 97 == 0)
      junk += "\n--b\nContent-Type: multipart/mixed; boundary=b\n\n";
  }
  auto m = ParseMailMessage(junk);
  EXPECT_TRUE(m.ok());
  EXPECT_FALSE(ParseMailMessage("").ok());
}

}  // namespace
}  // namespace wildwatch::mbox
