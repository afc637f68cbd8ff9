// End-to-end tests of the mbox plugin through the host's loader.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "host/plugin/config_schema.h"
#include "host/plugin/conformance.h"
#include "plugins/common/files/testing/connector_reader.h"

namespace wildwatch::plugins {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::string PluginPath() {
  return std::string(WILDWATCH_BINARY_DIR) + "/plugins/libwildwatch_mbox.so";
}

std::string TestData() {
  return std::string(WILDWATCH_SOURCE_DIR) + "/plugins/mbox/testdata";
}

std::string Config(const std::string& path) {
  return nlohmann::json{{"path", path}}.dump();
}

std::shared_ptr<const PluginLibrary> Load() {
  auto lib = PluginLibrary::Load(PluginPath());
  EXPECT_TRUE(lib.ok()) << lib.status().ToString();
  return lib.ok() ? *lib : nullptr;
}

std::vector<std::string> Ids(const std::vector<Post>& posts, size_t from = 0) {
  std::vector<std::string> ids;
  for (size_t i = from; i < posts.size(); ++i) ids.push_back(posts[i].id);
  return ids;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(MboxConnectorTest, ReadsEveryArchiveInADirectory) {
  auto lib = Load();
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
      Ids(read.posts),
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
  auto lib = Load();
  ASSERT_NE(lib, nullptr);
  ConnectorRead all = ReadConnector(lib, Config(TestData()), std::nullopt,
                                    nullptr, /*batch_size=*/2);
  ASSERT_EQ(all.final_status, WW_STATUS_END_OF_STREAM);
  ASSERT_GT(all.checkpoints.size(), 4u);
  for (const auto& [before, checkpoint] : all.checkpoints) {
    ConnectorRead rest =
        ReadConnector(lib, Config(TestData()), checkpoint, nullptr, 3);
    ASSERT_TRUE(rest.created) << rest.error;
    EXPECT_EQ(Ids(rest.posts), Ids(all.posts, before)) << checkpoint;
  }
  RecordingHost host;
  ConnectorRead none = ReadConnector(lib, Config(TestData()),
                                     all.checkpoints.back().second, &host, 2);
  EXPECT_TRUE(none.posts.empty());
  EXPECT_EQ(host.Counter("malformed_items"), 0u);
}

TEST(MboxConnectorTest, AppendedMailIsReadAfterRestart) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("wildwatch_mbox_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(TestData() + "/sample.mbox", dir / "inbox",
                fs::copy_options::overwrite_existing);
  auto lib = Load();
  ASSERT_NE(lib, nullptr);
  std::string config = Config((dir / "inbox").string());
  ConnectorRead first = ReadConnector(lib, config, std::nullopt, nullptr, 5);
  ASSERT_EQ(first.posts.size(), 8u);
  std::ofstream(dir / "inbox", std::ios::app)
      << "\nFrom new@example.org Wed Jan 24 10:00:00 2024\n"
         "From: new@example.org\nSubject: late\nMessage-ID: "
         "<late@example.org>\n"
         "\nappended later\n";
  ConnectorRead second =
      ReadConnector(lib, config, first.checkpoints.back().second, nullptr, 5);
  EXPECT_THAT(Ids(second.posts), ElementsAre("late@example.org"));
  fs::remove_all(dir);
}

TEST(MboxConnectorTest, PassesHostConformanceCheck) {
  ConformanceOptions options;
  options.batch_size = 2;
  options.max_restarts = 1000;  // Every checkpoint.
  ConformanceReport report =
      CheckConnector(PluginPath(), Config(TestData()), options);
  EXPECT_TRUE(report.passed()) << report.ToString();
  EXPECT_EQ(report.posts, 9u);
}

TEST(MboxConnectorTest, RejectsBadConfiguration) {
  auto lib = Load();
  ASSERT_NE(lib, nullptr);
  nlohmann::json schema =
      nlohmann::json::parse(lib->descriptor().config_schema);
  ASSERT_TRUE(CheckSchema(schema).ok());
  for (const char* bad : {R"({})", R"({"path": 3})", R"({"path": ""})",
                          R"({"path": "x", "follow": true})"}) {
    EXPECT_FALSE(
        ValidateAgainstSchema(nlohmann::json::parse(bad), schema).empty())
        << bad;
  }
  for (std::string bad :
       {Config(TestData() + "/missing.mbox"), std::string(R"({"path": 3})")}) {
    auto inst = ConnectorInstance::Create(lib, bad, std::nullopt, nullptr);
    ASSERT_FALSE(inst.ok()) << bad;
    EXPECT_EQ(inst.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace wildwatch::plugins
