// The Mastodon connector loaded through the host's loader, reading a fake
// Mastodon server on 127.0.0.1 that pages like the real API.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "host/plugin/config_schema.h"
#include "plugins/common/testing/connector_test.h"
#include "plugins/common/testing/local_http_server.h"

namespace wildwatch {
namespace {

using nlohmann::json;
using plugins::testing::ConnectorTest;
using plugins::testing::LocalHttpServer;
using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

// A hashtag timeline served as GET /api/v1/timelines/tag/:tag does: newest
// first, limit, max_id / min_id, and Link next / prev headers.
class FakeMastodon {
 public:
  FakeMastodon() {
    server_.http().Get(R"(/api/v1/timelines/tag/([^/?]+))",
                       [this](const httplib::Request& req,
                              httplib::Response& res) { Serve(req, res); });
    EXPECT_TRUE(server_.Start());
  }

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

  // Fails, delays and counts requests: see LocalHttpServer.
  LocalHttpServer& faults() { return server_; }

  void RequireToken(std::string token) {
    std::lock_guard lock(mu_);
    token_ = std::move(token);
  }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu_);
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
  std::string token_;
  LocalHttpServer server_;  // Last: see LocalHttpServer.
};

class MastodonConnectorTest : public ConnectorTest {
 protected:
  MastodonConnectorTest() : ConnectorTest("mastodon") {}

  json Config(json extra = json::object()) {
    return Validated(
        LocalPolling(
            {{"url", server_.url()}, {"hashtags", {"ivory"}}, {"limit", 2}}),
        extra);
  }

  FakeMastodon server_;
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
  EXPECT_EQ(host_.Counter("malformed_items"), 1u);
  // The malformed status is passed, not re-read and re-counted.
  auto again = Create(Config(), checkpoint);
  EXPECT_TRUE(Drain(*again, 10, &checkpoint).empty());
  EXPECT_EQ(host_.Counter("malformed_items"), 1u);
}

TEST_F(MastodonConnectorTest, RetriesRateLimitsAndServerErrors) {
  server_.Add("ivory", "<p>x</p>");
  server_.faults().FailNext({429, 500});
  auto inst = Create(Config());
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(10, milliseconds(10));
  ASSERT_EQ(b.status, WW_STATUS_OK) << b.error;
  EXPECT_EQ(b.posts.size(), 1u);
  // 429, 500, then the newest page (a first run without backfill reads one).
  EXPECT_EQ(server_.faults().requests(), 3);

  server_.faults().FailNext({503, 503, 503});
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
  server_.faults().SetDelay(milliseconds(300));
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
  for (const std::string& line : host_.logs()) {
    EXPECT_THAT(line, Not(HasSubstr("tok-SECRET-1")));
    EXPECT_THAT(line, Not(HasSubstr("wrong-token")));
  }
}

TEST_F(MastodonConnectorTest, RejectsBadConfiguration) {
  json schema = Schema();
  EXPECT_FALSE(
      ValidateAgainstSchema({{"url", "http://x"}, {"hashtag", "ivory"}}, schema)
          .empty());
  EXPECT_FALSE(
      ValidateAgainstSchema({{"url", "http://x"}, {"limit", 100}}, schema)
          .empty());
  EXPECT_FALSE(
      ValidateAgainstSchema({{"hashtags", {"ivory"}}}, schema).empty());

  // Nothing to read, and a token variable that is not set.
  EXPECT_EQ(CreateCode({{"url", server_.url()}}), StatusCode::kInvalidArgument);
  unsetenv("WW_MASTODON_TEST_UNSET");
  EXPECT_EQ(
      CreateCode(Config({{"access_token_env", "WW_MASTODON_TEST_UNSET"}})),
      StatusCode::kInvalidArgument);
  // An unknown hashtag on the server: 404 of the base resource.
  auto inst = Create(Config({{"hashtags", {"nosuchtag"}}}));
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_CONFIG_ERROR);
}

}  // namespace
}  // namespace wildwatch
