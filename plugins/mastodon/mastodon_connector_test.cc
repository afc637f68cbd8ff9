// The Mastodon connector loaded through the host's loader, reading a fake
// Mastodon server on 127.0.0.1 that pages like the real API.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "host/plugin/config_schema.h"
#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"
#include "plugins/common/testing/local_http_server.h"

namespace wildwatch {
namespace {

using nlohmann::json;
using plugins::testing::LocalHttpServer;
using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

class RecordingHost : public ConnectorHost {
 public:
  void Log(ww_log_level, std::string_view message) override {
    std::lock_guard lock(mu_);
    logs.emplace_back(message);
  }
  void AddCounter(std::string_view name, uint64_t delta) override {
    std::lock_guard lock(mu_);
    counters[std::string(name)] += delta;
  }
  std::mutex mu_;
  std::vector<std::string> logs;
  std::map<std::string, uint64_t> counters;
};

// A hashtag timeline served as GET /api/v1/timelines/tag/:tag does: newest
// first, limit, max_id / min_id, and Link next / prev headers.
class FakeMastodon {
 public:
  FakeMastodon() {
    server_.http().Get(R"(/api/v1/timelines/tag/([^/?]+))",
                       [this](const httplib::Request& req,
                              httplib::Response& res) { Serve(req, res); });
  }

  bool Start() { return server_.Start(); }
  std::string url() const { return server_.url(); }

  // Adds a status with the next id to the tag's timeline.
  void Add(const std::string& tag, const std::string& content,
           json overrides = json::object()) {
    std::lock_guard lock(mu_);
    int id = next_id_++;
    json status = {
        {"id", std::to_string(id)},
        {"created_at",
         "2024-05-01T08:00:" + std::to_string(10 + id % 50) + ".000Z"},
        {"url", url() + "/@seller/" + std::to_string(id)},
        {"uri", url() + "/users/seller/statuses/" + std::to_string(id)},
        {"language", "en"},
        {"spoiler_text", ""},
        {"sensitive", false},
        {"content", content},
        {"reblog", nullptr},
        {"account", {{"id", "42"}, {"username", "seller"}, {"acct", "seller"}}},
        {"media_attachments", json::array()},
        {"tags", {{{"name", tag}, {"url", url() + "/tags/" + tag}}}}};
    status.update(overrides);
    timelines_[tag].push_back(status);
  }

  // Statuses the next requests answer with: fail_with.front() is used and
  // dropped by each request.
  void FailNext(std::vector<int> statuses) {
    std::lock_guard lock(mu_);
    fail_with_ = std::move(statuses);
  }
  void RequireToken(std::string token) {
    std::lock_guard lock(mu_);
    token_ = std::move(token);
  }
  void SetDelay(milliseconds delay) { delay_ = delay; }
  int requests() const { return requests_; }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    ++requests_;
    std::this_thread::sleep_for(delay_.load());
    std::lock_guard lock(mu_);
    if (!fail_with_.empty()) {
      res.status = fail_with_.front();
      if (res.status == 429) res.set_header("Retry-After", "0");
      fail_with_.erase(fail_with_.begin());
      return;
    }
    if (!token_.empty() &&
        req.get_header_value("Authorization") != "Bearer " + token_) {
      res.status = 401;
      res.set_content(R"({"error":"The access token is invalid"})",
                      "application/json");
      return;
    }
    std::string tag = req.matches[1];
    auto timeline = timelines_.find(tag);
    if (timeline == timelines_.end()) {
      res.status = 404;
      res.set_content(R"({"error":"Record not found"})", "application/json");
      return;
    }
    size_t limit =
        req.has_param("limit") ? std::stoul(req.get_param_value("limit")) : 20;
    auto id_of = [](const json& s) {
      return std::stol(s["id"].get<std::string>());
    };
    std::vector<json> page;                           // Newest first.
    const std::vector<json>& all = timeline->second;  // Oldest first.
    if (req.has_param("min_id")) {
      long min_id = std::stol(req.get_param_value("min_id"));
      for (const json& s : all) {
        if (id_of(s) > min_id && page.size() < limit)
          page.insert(page.begin(), s);
      }
    } else {
      long max_id = req.has_param("max_id")
                        ? std::stol(req.get_param_value("max_id"))
                        : std::numeric_limits<long>::max();
      for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (id_of(*it) < max_id && page.size() < limit) page.push_back(*it);
      }
    }
    if (!page.empty()) {
      std::string base = url() + "/api/v1/timelines/tag/" + tag +
                         "?limit=" + std::to_string(limit);
      res.set_header(
          "Link",
          "<" + base + "&max_id=" + page.back()["id"].get<std::string>() +
              ">; rel=\"next\", <" + base + "&min_id=" +
              page.front()["id"].get<std::string>() + ">; rel=\"prev\"");
    }
    // Pretty-printed, so raw evidence that re-serialised would differ.
    res.set_content(json(page).dump(1), "application/json");
  }

  std::mutex mu_;
  std::map<std::string, std::vector<json>> timelines_;
  int next_id_ = 100;
  std::vector<int> fail_with_;
  std::string token_;
  std::atomic<milliseconds> delay_{milliseconds(0)};
  std::atomic<int> requests_{0};
  // Last, so it stops (and its handlers finish) before the state they use
  // is destroyed.
  LocalHttpServer server_;
};

std::shared_ptr<const PluginLibrary> Plugin() {
  auto lib = PluginLibrary::Load(std::string(WILDWATCH_BINARY_DIR) +
                                 "/plugins/libwildwatch_mastodon.so");
  EXPECT_TRUE(lib.ok()) << lib.status().ToString();
  return lib.ok() ? *lib : nullptr;
}

class MastodonConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    library_ = Plugin();
    ASSERT_NE(library_, nullptr);
    ASSERT_TRUE(server_.Start());
  }

  json Config(json extra = json::object()) {
    json config = {
        {"url", server_.url()},  {"hashtags", {"ivory"}}, {"limit", 2},
        {"min_interval_ms", 0},  {"poll_interval_ms", 0}, {"timeout_ms", 2000},
        {"retry_backoff_ms", 1}, {"max_retries", 2}};
    config.update(extra);
    std::vector<std::string> problems = ValidateAgainstSchema(
        config, json::parse(library_->descriptor().config_schema));
    EXPECT_TRUE(problems.empty()) << problems.front();
    return config;
  }

  std::unique_ptr<ConnectorInstance> Create(
      const json& config, const std::optional<std::string>& checkpoint = {}) {
    auto inst =
        ConnectorInstance::Create(library_, config.dump(), checkpoint, &host_);
    EXPECT_TRUE(inst.ok()) << inst.status().ToString();
    return inst.ok() ? std::move(*inst) : nullptr;
  }

  // Reads until NO_DATA; returns the ids, keeping the last checkpoint.
  std::vector<std::string> Drain(ConnectorInstance& inst, uint32_t max_posts,
                                 std::optional<std::string>* checkpoint) {
    std::vector<std::string> ids;
    while (true) {
      BatchResult b = inst.NextBatch(max_posts, milliseconds(10));
      EXPECT_TRUE(b.status == WW_STATUS_OK || b.status == WW_STATUS_NO_DATA)
          << b.status << " " << b.error;
      if (b.checkpoint) *checkpoint = b.checkpoint;
      for (const Post& p : b.posts) ids.push_back(p.id);
      if (b.status != WW_STATUS_OK) return ids;
    }
  }

  std::shared_ptr<const PluginLibrary> library_;
  FakeMastodon server_;
  RecordingHost host_;
};

using Ids = std::vector<std::string>;

TEST_F(MastodonConnectorTest, BackfillsThenFollowsNewStatusesAcrossRestarts) {
  for (int i = 0; i < 5; ++i)
    server_.Add("ivory", "<p>status " + std::to_string(i) + "</p>");
  std::optional<std::string> checkpoint;
  {
    auto inst = Create(Config({{"backfill_pages", 1}}));
    ASSERT_NE(inst, nullptr);
    // Newest page (103, 104) plus one older page (101, 102), oldest first.
    EXPECT_EQ(Drain(*inst, 3, &checkpoint), (Ids{"101", "102", "103", "104"}));
  }
  for (int i = 5; i < 10; ++i)
    server_.Add("ivory", "<p>status " + std::to_string(i) + "</p>");
  auto inst = Create(Config(), checkpoint);
  ASSERT_NE(inst, nullptr);
  // Pages of 2 after min_id=104, following rel="prev"; stop after 1 post.
  BatchResult first = inst->NextBatch(1, milliseconds(10));
  ASSERT_EQ(first.status, WW_STATUS_OK);
  ASSERT_EQ(first.posts.size(), 1u);
  EXPECT_EQ(first.posts[0].id, "105");
  // A restart from that batch's checkpoint continues without gap or repeat.
  auto resumed = Create(Config(), first.checkpoint);
  ASSERT_NE(resumed, nullptr);
  EXPECT_EQ(Drain(*resumed, 10, &checkpoint),
            (Ids{"106", "107", "108", "109"}));
  EXPECT_EQ(resumed->NextBatch(10, milliseconds(10)).status, WW_STATUS_NO_DATA);
}

TEST_F(MastodonConnectorTest, FillsPostFieldsAndKeepsRawJson) {
  server_.Add("ivory",
              "<p>Carved <a href=\"#\">#ivory</a>&nbsp;bangle</p><p>DM</p>",
              {{"spoiler_text", "wildlife"}, {"language", "vi"}});
  auto inst = Create(Config());
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(10, milliseconds(10));
  ASSERT_EQ(b.status, WW_STATUS_OK) << b.error;
  ASSERT_EQ(b.posts.size(), 1u);
  const Post& p = b.posts[0];
  EXPECT_EQ(p.id, "100");
  EXPECT_EQ(p.url, server_.url() + "/@seller/100");
  EXPECT_EQ(p.author, "seller");
  EXPECT_EQ(p.author_id, "42");
  EXPECT_EQ(p.lang, "vi");
  EXPECT_NE(p.created_at_ms, kTimeUnknown);
  EXPECT_EQ(p.text, "wildlife\nCarved #ivory bangle\nDM");
  EXPECT_THAT(
      p.attributes,
      ::testing::Contains(std::pair<std::string, std::string>("tag", "ivory")));
  // The evidence is the element exactly as served (pretty-printed).
  EXPECT_THAT(p.raw, HasSubstr("\n"));
  EXPECT_EQ(json::parse(p.raw)["id"], "100");
}

TEST_F(MastodonConnectorTest, SkipsAndCountsMalformedStatuses) {
  server_.Add("ivory", "<p>good one</p>");
  server_.Add("ivory", "<p>bad</p>", {{"account", "not an object"}});
  server_.Add("ivory", "<p>good two</p>");
  std::optional<std::string> checkpoint;
  auto inst = Create(Config({{"limit", 40}}));
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Drain(*inst, 10, &checkpoint), (Ids{"100", "102"}));
  EXPECT_EQ(host_.counters["malformed_items"], 1u);
  // The malformed status is passed, not re-read and re-counted.
  auto again = Create(Config(), checkpoint);
  EXPECT_TRUE(Drain(*again, 10, &checkpoint).empty());
  EXPECT_EQ(host_.counters["malformed_items"], 1u);
}

TEST_F(MastodonConnectorTest, RetriesRateLimitsAndServerErrors) {
  server_.Add("ivory", "<p>x</p>");
  server_.FailNext({429, 500});
  auto inst = Create(Config());
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(10, milliseconds(10));
  ASSERT_EQ(b.status, WW_STATUS_OK) << b.error;
  EXPECT_EQ(b.posts.size(), 1u);
  // 429, 500, then the newest page (a first run without backfill reads one).
  EXPECT_EQ(server_.requests(), 3);

  server_.FailNext({503, 503, 503});
  server_.Add("ivory", "<p>y</p>");
  BatchResult failed = inst->NextBatch(10, milliseconds(10));
  EXPECT_EQ(failed.status, WW_STATUS_TRANSIENT_ERROR);
  EXPECT_THAT(failed.error, HasSubstr("503"));
  BatchResult recovered = inst->NextBatch(10, milliseconds(10));
  ASSERT_EQ(recovered.status, WW_STATUS_OK) << recovered.error;
  EXPECT_EQ(recovered.posts[0].id, "101");
}

TEST_F(MastodonConnectorTest, SlowServerIsATransientError) {
  server_.Add("ivory", "<p>x</p>");
  server_.SetDelay(milliseconds(300));
  auto inst = Create(Config({{"timeout_ms", 50}, {"max_retries", 0}}));
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_TRANSIENT_ERROR);
}

TEST_F(MastodonConnectorTest, SendsTheTokenFromTheEnvironmentAndNeverLogsIt) {
  server_.Add("ivory", "<p>x</p>");
  server_.RequireToken("tok-SECRET-1");
  setenv("WW_MASTODON_TEST_TOKEN", "tok-SECRET-1", 1);
  auto inst = Create(Config({{"access_token_env", "WW_MASTODON_TEST_TOKEN"}}));
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status, WW_STATUS_OK);

  setenv("WW_MASTODON_TEST_TOKEN", "wrong-token", 1);
  auto denied =
      Create(Config({{"access_token_env", "WW_MASTODON_TEST_TOKEN"}}));
  ASSERT_NE(denied, nullptr);
  BatchResult b = denied->NextBatch(10, milliseconds(10));
  EXPECT_EQ(b.status, WW_STATUS_CONFIG_ERROR);
  EXPECT_THAT(b.error, HasSubstr("401"));
  for (const std::string& line : host_.logs) {
    EXPECT_THAT(line, Not(HasSubstr("tok-SECRET-1")));
    EXPECT_THAT(line, Not(HasSubstr("wrong-token")));
  }
}

TEST_F(MastodonConnectorTest, RejectsBadConfiguration) {
  json schema = json::parse(library_->descriptor().config_schema);
  EXPECT_FALSE(
      ValidateAgainstSchema({{"url", "http://x"}, {"hashtag", "ivory"}}, schema)
          .empty());
  EXPECT_FALSE(
      ValidateAgainstSchema({{"url", "http://x"}, {"limit", 100}}, schema)
          .empty());
  EXPECT_FALSE(
      ValidateAgainstSchema({{"hashtags", {"ivory"}}}, schema).empty());

  auto create_status = [&](const json& config) {
    return ConnectorInstance::Create(library_, config.dump(), std::nullopt,
                                     &host_)
        .status()
        .code();
  };
  // Nothing to read, and a token variable that is not set.
  EXPECT_EQ(create_status({{"url", server_.url()}}),
            StatusCode::kInvalidArgument);
  unsetenv("WW_MASTODON_TEST_UNSET");
  EXPECT_EQ(
      create_status(Config({{"access_token_env", "WW_MASTODON_TEST_UNSET"}})),
      StatusCode::kInvalidArgument);
  // An unknown hashtag on the server: 404 of the base resource.
  auto inst = Create(Config({{"hashtags", {"nosuchtag"}}}));
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_CONFIG_ERROR);
}

}  // namespace
}  // namespace wildwatch
