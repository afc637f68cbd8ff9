// End-to-end tests of the mbox plugin through the host's loader.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plugins/common/files/testing/connector_reader.h"
#include "plugins/common/testing/connector_test.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/test_data.h"

namespace wildwatch::plugins {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using testing::ExpectCreateRefuses;
using testing::ExpectPassesConformance;
using testing::ExpectResumesFromEveryCheckpoint;
using testing::ExpectSchemaRefuses;
using ::testing::HasSubstr;
using testing::LoadBuiltPlugin;
using ::testing::Pair;
using testing::PostIds;
using ::wildwatch::testing::ReadFile;

std::string TestData() {
  return std::string(WILDWATCH_SOURCE_DIR) + "/plugins/mbox/testdata";
}

std::string Config(const std::string& path) {
  return nlohmann::json{{"path", path}}.dump();
}

TEST(MboxConnectorTest, ReadsEveryArchiveInADirectory) {
  auto lib = LoadBuiltPlugin("mbox");
  ASSERT_NE(lib, nullptr);
  EXPECT_EQ(lib->name(), "mbox");
  EXPECT_EQ(lib->descriptor().platform_kind, WW_PLATFORM_EMAIL);
  RecordingHost host;
  ConnectorRead read =
      ReadConnector(lib, Config(TestData()), std::nullopt, &host, 4);
  ASSERT_TRUE(read.created) << read.error;
  EXPECT_EQ(read.final_status, WW_STATUS_END_OF_STREAM);
  // malformed.mbox first (path order): one good message; then sample.mbox.
  std::string sample = ReadFile(TestData() + "/sample.mbox");
  std::string no_id =
      "sample.mbox:" + std::to_string(sample.rfind("From anon@"));
  EXPECT_THAT(
      PostIds(read.posts),
      ElementsAre("fine@example.org", "plain-1@example.org",
                  "latin1-qp@example.de", "cp1252@example.net",
                  "zh-base64@example.cn", "html-only@example.org",
                  "alternative@example.org", "attachment@example.org", no_id));
  // Stray text and binary junk in malformed.mbox, the headerless entry in
  // sample.mbox.
  EXPECT_EQ(host.Counter("malformed_items"), 3u);
  EXPECT_THAT(host.logs(),
              Contains(HasSubstr("malformed.mbox:0: text before the first")));

  const Post& plain = read.posts[1];
  EXPECT_EQ(plain.author, "Ana Lima <ana@example.org>");
  EXPECT_EQ(plain.author_id, "ana@example.org");
  EXPECT_EQ(plain.title, "Star tortoises");
  EXPECT_TRUE(plain.text.starts_with("Star tortoises\n\nFour star tortoise"));
  EXPECT_NE(plain.created_at_ms, kTimeUnknown);
  // The evidence is the RFC 5322 message: no separator line, unquoted.
  EXPECT_TRUE(plain.raw.starts_with("From: Ana Lima <ana@example.org>\n"));
  EXPECT_THAT(plain.raw, HasSubstr("\nFrom the breeder directly.\n"));
  EXPECT_THAT(plain.attributes, ElementsAre(Pair("to", "buyer@example.com")));
  const Post& zh = read.posts[4];
  EXPECT_EQ(zh.text, "象牙出售\n\n象牙手镯，价格面议。");
  const Post& attached = read.posts[7];
  EXPECT_THAT(
      attached.attributes,
      ElementsAre(Pair("attachments", R"(["price list.pdf","notes.txt"])")));
  EXPECT_EQ(read.posts[8].created_at_ms, kTimeUnknown);
}

TEST(MboxConnectorTest, ResumesFromEveryCheckpointWithoutLossOrRepeat) {
  auto lib = LoadBuiltPlugin("mbox");
  ASSERT_NE(lib, nullptr);
  ConnectorRead all = ReadConnector(lib, Config(TestData()), std::nullopt,
                                    nullptr, /*batch_size=*/2);
  ASSERT_EQ(all.final_status, WW_STATUS_END_OF_STREAM);
  ASSERT_GT(all.checkpoints.size(), 4u);
  ExpectResumesFromEveryCheckpoint(lib, Config(TestData()), all,
                                   /*batch_size=*/3, {"malformed_items"});
}

TEST(MboxConnectorTest, AppendedMailIsReadAfterRestart) {
  const ::wildwatch::testing::ScratchDir dir("wildwatch_mbox");
  const std::string inbox =
      dir.Write("inbox", ReadFile(TestData() + "/sample.mbox"));
  auto lib = LoadBuiltPlugin("mbox");
  ASSERT_NE(lib, nullptr);
  std::string config = Config(inbox);
  ConnectorRead first = ReadConnector(lib, config, std::nullopt, nullptr, 5);
  ASSERT_EQ(first.posts.size(), 8u);
  dir.Append("inbox",
             "\nFrom new@example.org Wed Jan 24 10:00:00 2024\n"
             "From: new@example.org\nSubject: late\nMessage-ID: "
             "<late@example.org>\n"
             "\nappended later\n");
  ConnectorRead second =
      ReadConnector(lib, config, first.checkpoints.back().second, nullptr, 5);
  EXPECT_THAT(PostIds(second.posts), ElementsAre("late@example.org"));
}

TEST(MboxConnectorTest, PassesHostConformanceCheck) {
  ExpectPassesConformance("mbox", Config(TestData()), 9);
}

TEST(MboxConnectorTest, RejectsBadConfiguration) {
  auto lib = LoadBuiltPlugin("mbox");
  ASSERT_NE(lib, nullptr);
  ExpectSchemaRefuses(*lib, {R"({})", R"({"path": 3})", R"({"path": ""})",
                             R"({"path": "x", "follow": true})"});
  ExpectCreateRefuses(lib,
                      {Config(TestData() + "/missing.mbox"), R"({"path": 3})"});
}

}  // namespace
}  // namespace wildwatch::plugins
