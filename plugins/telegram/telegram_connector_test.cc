// End-to-end tests of the telegram plugin through the host's loader: export
// mode over the fixtures, bot mode against a local Bot API stand-in.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "host/plugin/config_schema.h"
#include "plugins/common/files/testing/connector_reader.h"
#include "plugins/common/testing/connector_test.h"
#include "plugins/common/testing/local_http_server.h"
#include "tests/testing/scratch_dir.h"

namespace wildwatch::plugins {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using testing::ExpectCreateRefuses;
using testing::ExpectPassesConformance;
using testing::ExpectResumesFromEveryCheckpoint;
using testing::LoadBuiltPlugin;
using testing::PostIds;

std::string TestData(const std::string& name) {
  return std::string(WILDWATCH_SOURCE_DIR) + "/plugins/telegram/testdata/" +
         name;
}

std::string ExportConfig(const std::string& path, nlohmann::json extra = {}) {
  nlohmann::json config = {{"mode", "export"}, {"path", path}};
  if (extra.is_object()) config.update(extra);
  return config.dump();
}

TEST(TelegramExportTest, PassesTheConformanceCheck) {
  ExpectPassesConformance(
      "telegram",
      ExportConfig(TestData("*/result.json"),
                   {{"public_username", {{"1783402231", "@exoticpets"}}}}),
      10);
}

TEST(TelegramExportTest, ReadsAllAndResumesFromEveryCheckpoint) {
  auto lib = LoadBuiltPlugin("telegram");
  ASSERT_NE(lib, nullptr);
  EXPECT_EQ(lib->name(), "telegram");
  EXPECT_EQ(lib->descriptor().platform_kind, WW_PLATFORM_CHAT);
  const std::string config =
      ExportConfig(TestData("*/result.json"),
                   {{"public_username", {{"1783402231", "exoticpets"}}}});
  RecordingHost host;
  ConnectorRead all = ReadConnector(lib, config, std::nullopt, &host, 3);
  ASSERT_TRUE(all.created) << all.error;
  EXPECT_EQ(all.final_status, WW_STATUS_END_OF_STREAM);
  EXPECT_THAT(
      PostIds(all.posts),
      ElementsAre("1622100100:102", "1622100100:103", "70002:7", "1783402231:2",
                  "1783402231:3", "1783402231:4", "1783402231:6",
                  "1783402231:7", "1783402231:8", "1783402231:9"));
  EXPECT_EQ(host.Counter("service_messages"), 3u);
  EXPECT_EQ(host.Counter("malformed_items"), 0u);
  const Post& first = all.posts[3];
  EXPECT_EQ(first.url, "https://t.me/exoticpets/2");
  EXPECT_EQ(first.title, "Exotic Pets Wholesale");
  EXPECT_EQ(first.author, "Exotic Pets Wholesale");
  EXPECT_EQ(first.created_at_ms, 1677661512000);
  EXPECT_THAT(first.raw, HasSubstr("\"id\": 2,"));
  ExpectResumesFromEveryCheckpoint(lib, config, all, /*batch_size=*/4);
}

TEST(TelegramExportTest, MalformedMessageIsCountedAndSkipped) {
  const ::wildwatch::testing::ScratchDir dir("telegram_malformed");
  const std::string file = dir.Write("result.json", R"({"name": "x",
      "type": "private_group", "id": 3,
      "messages": [{"id": 1, "type": "message", "text": "ivory"},
                   {"id": "oops", "type": "message", "text": "lost"},
                   {"id": 2, "type": "message", "text": "horn"}]})");
  auto lib = LoadBuiltPlugin("telegram");
  ASSERT_NE(lib, nullptr);
  RecordingHost host;
  ConnectorRead read =
      ReadConnector(lib, ExportConfig(file), std::nullopt, &host, 10);
  ASSERT_TRUE(read.created) << read.error;
  EXPECT_THAT(PostIds(read.posts), ElementsAre("3:1", "3:2"));
  EXPECT_EQ(host.Counter("malformed_items"), 1u);
  EXPECT_THAT(host.logs(), Contains(HasSubstr("malformed message")));
}

TEST(TelegramConfigTest, SchemaRejectsUnknownAndMistypedKeys) {
  auto lib = LoadBuiltPlugin("telegram");
  ASSERT_NE(lib, nullptr);
  nlohmann::json schema =
      nlohmann::json::parse(lib->descriptor().config_schema);
  ASSERT_TRUE(CheckSchema(schema).ok());
  auto problems = [&](const std::string& config) {
    return ValidateAgainstSchema(nlohmann::json::parse(config), schema);
  };
  EXPECT_TRUE(problems(R"({"mode": "export", "path": "x"})").empty());
  EXPECT_TRUE(problems(R"({"mode": "bot", "token_env": "T", "timeout_s": 5,
                           "allowed_updates": ["channel_post"]})")
                  .empty());
  EXPECT_FALSE(problems(R"({"path": "x"})").empty());  // No mode.
  EXPECT_FALSE(problems(R"({"mode": "scrape", "path": "x"})").empty());
  EXPECT_FALSE(problems(R"({"mode": "export", "pth": "x"})").empty());
  EXPECT_FALSE(
      problems(R"({"mode": "export", "max_file_bytes": "1"})").empty());
  EXPECT_FALSE(
      problems(R"({"mode": "bot", "allowed_updates": ["inline_query"]})")
          .empty());
  EXPECT_FALSE(
      problems(R"({"mode": "export", "public_username": {"1": 2}})").empty());
}

TEST(TelegramConfigTest, CreateRejectsConfigurationsThatCannotWork) {
  auto lib = LoadBuiltPlugin("telegram");
  ASSERT_NE(lib, nullptr);
  ExpectCreateRefuses(
      lib,
      {
          R"({"mode": "export"})",
          R"({"mode": "export", "path": "/nonexistent/telegram/result.json"})",
          R"({"mode": "export", "path": "x", "token_env": "T"})",
          R"({"mode": "bot", "path": "x", "token_env": "T"})",
          R"({"mode": "bot"})",
          R"({"mode": "bot", "token_env": "WILDWATCH_TEST_UNSET_TOKEN"})",
          R"({"mode": "bot", "token_env": "PATH", "timeout_s": 30,
               "timeout_ms": 5000})",
      });
  auto bad_checkpoint = ConnectorInstance::Create(
      lib, ExportConfig(TestData("channel/result.json")),
      std::string(R"({"offset": 1})"), nullptr);
  EXPECT_FALSE(bad_checkpoint.ok());
}

// A stand-in for the Bot API's getUpdates: holds updates 1..n and answers
// with at most page_size of those at or after the requested offset, after
// the scripted failures.
class FakeBotApi {
 public:
  static constexpr char kToken[] = "123456:SECRET-token";

  FakeBotApi(std::vector<std::string> updates, size_t page_size)
      : updates_(std::move(updates)), page_size_(page_size) {
    server_.http().Get(std::string("/bot") + kToken + "/getUpdates",
                       [this](const httplib::Request& req,
                              httplib::Response& res) { Serve(req, res); });
    EXPECT_TRUE(server_.Start());
  }

  // The next calls answer these statuses and bodies, in order.
  void FailNext(int status, std::string body) {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.emplace_back(status, std::move(body));
  }

  // The offset of every request (0 when absent) and when it came.
  std::vector<int64_t> offsets() const {
    std::lock_guard<std::mutex> lock(mu_);
    return offsets_;
  }
  std::vector<std::chrono::steady_clock::time_point> times() const {
    std::lock_guard<std::mutex> lock(mu_);
    return times_;
  }
  std::string url() const { return server_.url(); }
  const std::map<std::string, std::string>& last_params() const {
    return last_params_;
  }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t offset =
        req.has_param("offset") ? std::stoll(req.get_param_value("offset")) : 0;
    offsets_.push_back(offset);
    times_.push_back(std::chrono::steady_clock::now());
    for (const auto& [name, value] : req.params) last_params_[name] = value;
    if (!failures_.empty()) {
      res.status = failures_.front().first;
      res.set_content(failures_.front().second, "application/json");
      failures_.erase(failures_.begin());
      return;
    }
    // Update i (1-based) has update_id 100 + i.
    std::string result;
    size_t sent = 0;
    for (size_t i = 0; i < updates_.size() && sent < page_size_; ++i) {
      if (static_cast<int64_t>(101 + i) < offset) continue;
      result += (sent++ == 0 ? "" : ",") + updates_[i];
    }
    res.set_content(R"({"ok":true,"result":[)" + result + "]}",
                    "application/json");
  }

  const std::vector<std::string> updates_;
  const size_t page_size_;
  mutable std::mutex mu_;
  std::vector<std::pair<int, std::string>> failures_;
  std::vector<int64_t> offsets_;
  std::vector<std::chrono::steady_clock::time_point> times_;
  std::map<std::string, std::string> last_params_;
  testing::LocalHttpServer server_;  // Last: stopped before the rest goes.
};

std::string Message(int update_id, int message_id, const std::string& text) {
  return nlohmann::json{{"update_id", update_id},
                        {"message",
                         {{"message_id", message_id},
                          {"date", 1700000000 + message_id},
                          {"from", {{"id", 9001}, {"username", "ana_t"}}},
                          {"chat",
                           {{"id", -1001},
                            {"title", "Market"},
                            {"username", "market"},
                            {"type", "supergroup"}}},
                          {"text", text}}}}
      .dump();
}

class TelegramBotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("WILDWATCH_TEST_BOT_TOKEN", FakeBotApi::kToken, 1);
    lib_ = LoadBuiltPlugin("telegram");
    ASSERT_NE(lib_, nullptr);
  }

  std::string Config(const FakeBotApi& api) const {
    return nlohmann::json{{"mode", "bot"},
                          {"url", api.url()},
                          {"token_env", "WILDWATCH_TEST_BOT_TOKEN"},
                          {"timeout_s", 0},
                          {"min_interval_ms", 0},
                          {"retry_backoff_ms", 10}}
        .dump();
  }

  // Five updates: three messages, a callback query (no post) and one
  // without a chat (malformed); server pages of two.
  static std::vector<std::string> Updates() {
    return {Message(101, 1, "ivory for sale"), Message(102, 2, "rhino horn"),
            R"({"update_id":103,"callback_query":{"id":"q"}})",
            R"({"update_id":104,"message":{"message_id":4,"text":"no chat"}})",
            Message(105, 5, "pangolin scales")};
  }

  // The posts of Updates(): its three messages.
  static std::vector<std::string> MessageIds() {
    return {"-1001:1", "-1001:2", "-1001:5"};
  }

  // Reads what api serves from the start to the end, 10 posts per batch;
  // host may be null.
  ConnectorRead ReadAll(const FakeBotApi& api, RecordingHost* host) const {
    return ReadConnector(lib_, Config(api), std::nullopt, host, 10);
  }

  std::shared_ptr<const PluginLibrary> lib_;
};

TEST_F(TelegramBotTest, PagesThroughUpdatesByOffset) {
  FakeBotApi api(Updates(), 2);
  RecordingHost host;
  ConnectorRead read = ReadAll(api, &host);
  ASSERT_TRUE(read.created) << read.error;
  EXPECT_EQ(PostIds(read.posts), MessageIds());
  EXPECT_EQ(read.posts[0].url, "https://t.me/market/1");
  EXPECT_EQ(read.posts[0].text, "ivory for sale");
  EXPECT_EQ(read.posts[0].raw, Message(101, 1, "ivory for sale"));
  EXPECT_EQ(host.Counter("malformed_items"), 1u);
  // No offset at first, then one past the last update handed over.
  std::vector<int64_t> offsets = api.offsets();
  ASSERT_GE(offsets.size(), 4u);
  EXPECT_THAT(std::vector<int64_t>(offsets.begin(), offsets.begin() + 4),
              ElementsAre(0, 103, 105, 106));
  EXPECT_EQ(
      api.last_params().at("allowed_updates"),
      R"(["message","channel_post","edited_message","edited_channel_post"])");
  EXPECT_EQ(api.last_params().at("timeout"), "0");
  EXPECT_EQ(read.checkpoints.back().second, R"({"offset":106})");
}

TEST_F(TelegramBotTest, RetriesA502) {
  FakeBotApi api(Updates(), 10);
  api.FailNext(502, "<html>Bad Gateway</html>");
  RecordingHost host;
  ConnectorRead read = ReadAll(api, &host);
  ASSERT_TRUE(read.created) << read.error;
  EXPECT_EQ(PostIds(read.posts), MessageIds());
  ASSERT_GE(api.offsets().size(), 2u);
  EXPECT_EQ(api.offsets()[1], 0);  // The same request again.
  // The retry is logged, and the token never is.
  EXPECT_THAT(host.logs(), Contains(HasSubstr("HTTP 502")));
  for (const std::string& line : host.logs()) {
    EXPECT_THAT(line, Not(HasSubstr("SECRET"))) << line;
  }
}

TEST_F(TelegramBotTest, WaitsAsLongAsA429Asks) {
  FakeBotApi api(Updates(), 10);
  // No Retry-After header: only the body says how long.
  api.FailNext(429, R"({"ok":false,"error_code":429,
      "description":"Too Many Requests: retry after 1",
      "parameters":{"retry_after":1}})");
  ConnectorRead read = ReadAll(api, nullptr);
  ASSERT_TRUE(read.created) << read.error;
  EXPECT_EQ(read.posts.size(), 3u);
  std::vector<std::chrono::steady_clock::time_point> times = api.times();
  ASSERT_GE(times.size(), 2u);
  EXPECT_GE(times[1] - times[0], std::chrono::milliseconds(950));
}

TEST_F(TelegramBotTest, RestartAsksAgainFromTheCommittedOffset) {
  FakeBotApi api(Updates(), 10);
  auto instance =
      ConnectorInstance::Create(lib_, Config(api), std::nullopt, nullptr);
  ASSERT_TRUE(instance.ok()) << instance.status().ToString();
  BatchResult first = (*instance)->NextBatch(1, std::chrono::milliseconds(100));
  ASSERT_EQ(first.status, WW_STATUS_OK);
  ASSERT_THAT(PostIds(first.posts), ElementsAre("-1001:1"));
  ASSERT_TRUE(first.checkpoint.has_value());
  EXPECT_EQ(*first.checkpoint, R"({"offset":102})");
  // The host committed only the first update, then stopped: the rest of the
  // page was fetched but never handed over.
  instance->reset();
  ConnectorRead rest =
      ReadConnector(lib_, Config(api), *first.checkpoint, nullptr, 10);
  ASSERT_TRUE(rest.created) << rest.error;
  EXPECT_THAT(PostIds(rest.posts), ElementsAre("-1001:2", "-1001:5"));
  ASSERT_GE(api.offsets().size(), 2u);
  EXPECT_EQ(api.offsets()[1], 102);
}

TEST_F(TelegramBotTest, UnknownTokenIsAConfigurationError) {
  FakeBotApi api(Updates(), 10);
  setenv("WILDWATCH_TEST_BOT_TOKEN", "999:WRONG", 1);
  ConnectorRead read = ReadAll(api, nullptr);
  ASSERT_TRUE(read.created) << read.error;
  EXPECT_EQ(read.final_status, WW_STATUS_CONFIG_ERROR);
  EXPECT_THAT(read.error, Not(HasSubstr("WRONG")));
}

}  // namespace
}  // namespace wildwatch::plugins
