// End-to-end tests of the whatsapp plugin through the host's loader.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "host/plugin/config_schema.h"
#include "plugins/common/files/testing/connector_reader.h"
#include "plugins/common/testing/connector_test.h"
#include "tests/testing/scratch_dir.h"

namespace wildwatch::plugins {
namespace {

using ::testing::ElementsAre;
using testing::ExpectCreateRefuses;
using testing::ExpectPassesConformance;
using testing::ExpectResumesFromEveryCheckpoint;
using testing::ExpectSchemaRefuses;
using ::testing::HasSubstr;
using testing::LoadBuiltPlugin;
using ::testing::Pair;
using testing::PostIds;

std::string TestData() {
  return std::string(WILDWATCH_SOURCE_DIR) + "/plugins/whatsapp/testdata";
}

std::string Config(const std::string& path, nlohmann::json extra = {}) {
  nlohmann::json config = {{"path", path}};
  if (extra.is_object()) config.update(extra);
  return config.dump();
}

TEST(WhatsAppConnectorTest, ReadsEveryExportInADirectory) {
  auto lib = LoadBuiltPlugin("whatsapp");
  ASSERT_NE(lib, nullptr);
  EXPECT_EQ(lib->name(), "whatsapp");
  EXPECT_EQ(lib->descriptor().platform_kind, WW_PLATFORM_CHAT);
  RecordingHost host;
  ConnectorRead read = ReadConnector(lib, Config(TestData()), std::nullopt,
                                     &host, /*batch_size=*/4);
  ASSERT_TRUE(read.created) << read.error;
  EXPECT_EQ(read.final_status, WW_STATUS_END_OF_STREAM);
  // Files in path order: german, ios_brackets, malformed, uk_24h, us_english.
  ASSERT_EQ(read.posts.size(), 3u + 5u + 2u + 4u + 4u);
  std::vector<std::string> all_ids = PostIds(read.posts);
  std::set<std::string> ids(all_ids.begin(), all_ids.end());
  EXPECT_EQ(ids.size(), read.posts.size());
  EXPECT_EQ(read.posts[0].id, "german.txt:1");
  EXPECT_EQ(read.posts.back().id, "us_english.txt:4");
  EXPECT_EQ(host.Counter("malformed_items"), 3u);
  EXPECT_EQ(host.Counter("system_lines"), 1u + 1u + 0u + 2u + 2u);
  std::vector<std::string> logs = host.logs();
  EXPECT_THAT(
      logs, ::testing::Contains(HasSubstr("malformed.txt:3: impossible date")));

  const Post& german = read.posts[0];
  EXPECT_EQ(german.author, "Max Müller");
  EXPECT_EQ(german.title, "german");
  EXPECT_EQ(german.text, "Elfenbein Armreifen zu verkaufen");
  EXPECT_EQ(german.raw,
            "20.03.23, 07:16 - Max Müller: Elfenbein Armreifen zu verkaufen");
  EXPECT_NE(german.created_at_ms, kTimeUnknown);
  const Post& photo = read.posts[3 + 2];
  EXPECT_EQ(photo.id, "ios_brackets.txt:3");
  EXPECT_THAT(
      photo.attributes,
      ElementsAre(Pair("media", "00000012-PHOTO-2023-06-17-09-00-00.jpg")));
}

TEST(WhatsAppConnectorTest, ChatNameAndTimezoneApply) {
  auto lib = LoadBuiltPlugin("whatsapp");
  ASSERT_NE(lib, nullptr);
  std::string file = TestData() + "/uk_24h.txt";
  ConnectorRead utc =
      ReadConnector(lib, Config(file), std::nullopt, nullptr, 10);
  ConnectorRead cet = ReadConnector(
      lib,
      Config(file,
             {{"chat_name", "Scales group"}, {"timezone_offset_minutes", 60}}),
      std::nullopt, nullptr, 10);
  ASSERT_EQ(utc.posts.size(), 4u);
  ASSERT_EQ(cet.posts.size(), 4u);
  EXPECT_EQ(utc.posts[0].title, "uk_24h");
  EXPECT_EQ(cet.posts[0].title, "Scales group");
  EXPECT_EQ(utc.posts[0].created_at_ms - cet.posts[0].created_at_ms,
            3600 * 1000);
  // Forcing month-first makes 14/02/2024 impossible: two messages and the
  // system line of that day.
  RecordingHost host;
  ConnectorRead mdy = ReadConnector(lib, Config(file, {{"date_order", "mdy"}}),
                                    std::nullopt, &host, 10);
  EXPECT_EQ(mdy.posts.size(), 2u);
  EXPECT_EQ(host.Counter("malformed_items"), 3u);
}

// Restarting from any committed checkpoint yields exactly the posts after it,
// and what was skipped before it is not counted again.
TEST(WhatsAppConnectorTest, ResumesFromEveryCheckpointWithoutLossOrRepeat) {
  auto lib = LoadBuiltPlugin("whatsapp");
  ASSERT_NE(lib, nullptr);
  ConnectorRead all = ReadConnector(lib, Config(TestData()), std::nullopt,
                                    nullptr, /*batch_size=*/3);
  ASSERT_EQ(all.final_status, WW_STATUS_END_OF_STREAM);
  ASSERT_GT(all.checkpoints.size(), 5u);
  // The last checkpoint is past the malformed items and system lines: none
  // is reported again.
  ExpectResumesFromEveryCheckpoint(lib, Config(TestData()), all,
                                   /*batch_size=*/2,
                                   {"malformed_items", "system_lines"});
}

TEST(WhatsAppConnectorTest, ReplacedExportIsReadAgain) {
  namespace fs = std::filesystem;
  const ::wildwatch::testing::ScratchDir scratch("wildwatch_whatsapp");
  const fs::path& dir = scratch.path();
  fs::copy_file(TestData() + "/german.txt", dir / "chat.txt");
  auto lib = LoadBuiltPlugin("whatsapp");
  ASSERT_NE(lib, nullptr);
  ConnectorRead first =
      ReadConnector(lib, Config(dir.string()), std::nullopt, nullptr, 10);
  ASSERT_EQ(first.posts.size(), 3u);
  // A new export saved over the old one has a new identity.
  fs::copy_file(TestData() + "/uk_24h.txt", dir / "new.txt");
  fs::rename(dir / "new.txt", dir / "chat.txt");
  ConnectorRead second = ReadConnector(
      lib, Config(dir.string()), first.checkpoints.back().second, nullptr, 10);
  EXPECT_EQ(second.posts.size(), 4u);
}

TEST(WhatsAppConnectorTest, PassesHostConformanceCheck) {
  ExpectPassesConformance("whatsapp", Config(TestData()), 18);
}

TEST(WhatsAppConnectorTest, RejectsBadConfiguration) {
  auto lib = LoadBuiltPlugin("whatsapp");
  ASSERT_NE(lib, nullptr);
  ExpectSchemaRefuses(
      *lib,
      {R"({})", R"({"path": 3})", R"({"path": ""})",
       R"({"path": "x", "pth": "y"})", R"({"path": "x", "date_order": "dym"})",
       R"({"path": "x", "timezone_offset_minutes": 5000})"});
  EXPECT_TRUE(ValidateAgainstSchema(
                  nlohmann::json::parse(Config(TestData())),
                  nlohmann::json::parse(lib->descriptor().config_schema))
                  .empty());
  // Create itself refuses what it cannot use, even unvalidated.
  ExpectCreateRefuses(lib,
                      {Config(TestData() + "/missing.txt"), R"({"path": 3})",
                       Config(TestData(), {{"date_order", "dym"}})});
  auto damaged = ConnectorInstance::Create(lib, Config(TestData()),
                                           std::string("{not json"), nullptr);
  EXPECT_FALSE(damaged.ok());
}

}  // namespace
}  // namespace wildwatch::plugins
