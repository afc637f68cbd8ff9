// The feed connector loaded through the host's loader, polling feeds served
// on 127.0.0.1 with validators (ETag / Last-Modified).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
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
using Ids = std::vector<std::string>;

class CountingHost : public ConnectorHost {
 public:
  void Log(ww_log_level, std::string_view) override {}
  void AddCounter(std::string_view name, uint64_t delta) override {
    std::lock_guard lock(mu_);
    counters[std::string(name)] += delta;
  }
  std::mutex mu_;
  std::map<std::string, uint64_t> counters;
};

// An RSS feed of the newest items first, with an ETag per version and
// Last-Modified; answers 304 to a matching If-None-Match.
class FakeFeed {
 public:
  FakeFeed() {
    server_.http().Get(
        "/rss", [this](const httplib::Request& req, httplib::Response& res) {
          ++requests_;
          std::this_thread::sleep_for(delay_.load());
          std::lock_guard lock(mu_);
          if (!fail_with_.empty()) {
            res.status = fail_with_.front();
            if (res.status == 429) res.set_header("Retry-After", "0");
            fail_with_.erase(fail_with_.begin());
            return;
          }
          std::string etag = "\"v" + std::to_string(items_.size()) + "\"";
          if (req.get_header_value("If-None-Match") == etag) {
            ++not_modified_;
            res.status = 304;
            return;
          }
          std::string body =
              "<?xml version=\"1.0\"?><rss "
              "version=\"2.0\"><channel><title>Ads</title>";
          for (auto it = items_.rbegin(); it != items_.rend(); ++it)
            body += *it;
          res.set_header("ETag", etag);
          res.set_header("Last-Modified", "Wed, 01 May 2024 08:00:00 GMT");
          res.set_content(body + "</channel></rss>", "application/rss+xml");
        });
    server_.http().Get(
        "/broken", [](const httplib::Request&, httplib::Response& res) {
          res.set_content("<html>Access denied</html>", "text/html");
        });
  }
  bool Start() { return server_.Start(); }
  std::string url(const char* path = "/rss") const {
    return server_.url() + path;
  }

  void Add(int n, const std::string& extra = "") {
    std::lock_guard lock(mu_);
    items_.push_back(
        "<item><guid>ad-" + std::to_string(n) + "</guid><title>Ad " +
        std::to_string(n) + "</title><link>" + server_.url() + "/ad/" +
        std::to_string(n) + "</link>" +
        "<pubDate>Wed, 01 May 2024 08:00:00 GMT</pubDate>" + extra +
        "<description>&lt;p&gt;rhino horn&lt;/p&gt;</description></item>");
  }
  void AddRaw(const std::string& item) {
    std::lock_guard lock(mu_);
    items_.push_back(item);
  }
  void FailNext(std::vector<int> statuses) {
    std::lock_guard lock(mu_);
    fail_with_ = std::move(statuses);
  }
  void SetDelay(milliseconds d) { delay_ = d; }
  int requests() const { return requests_; }
  int not_modified() const { return not_modified_; }

 private:
  std::mutex mu_;
  std::vector<std::string> items_;  // Oldest first.
  std::vector<int> fail_with_;
  std::atomic<milliseconds> delay_{milliseconds(0)};
  std::atomic<int> requests_{0};
  std::atomic<int> not_modified_{0};
  // Last, so it stops (and its handlers finish) before the state they use
  // is destroyed.
  LocalHttpServer server_;
};

class FeedConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = PluginLibrary::Load(std::string(WILDWATCH_BINARY_DIR) +
                                   "/plugins/libwildwatch_feed.so");
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    library_ = *lib;
    ASSERT_TRUE(feed_.Start());
  }

  json Config(json extra = json::object()) {
    json config = {{"url", feed_.url()},    {"min_interval_ms", 0},
                   {"poll_interval_ms", 0}, {"timeout_ms", 2000},
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

  Ids Drain(ConnectorInstance& inst, uint32_t max_posts,
            std::optional<std::string>* checkpoint) {
    Ids ids;
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
  FakeFeed feed_;
  CountingHost host_;
};

TEST_F(FeedConnectorTest, EmitsNewItemsOnceAcrossPollsAndRestarts) {
  for (int n = 1; n <= 3; ++n) feed_.Add(n);
  std::optional<std::string> checkpoint;
  auto inst = Create(Config());
  ASSERT_NE(inst, nullptr);
  // Drain ends on the second poll: the ETag got a 304, nothing emitted.
  EXPECT_EQ(Drain(*inst, 10, &checkpoint), (Ids{"ad-1", "ad-2", "ad-3"}));
  EXPECT_EQ(feed_.not_modified(), 1);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status, WW_STATUS_NO_DATA);
  EXPECT_EQ(feed_.not_modified(), 2);

  feed_.Add(4);
  feed_.Add(5);
  BatchResult one = inst->NextBatch(1, milliseconds(10));
  ASSERT_EQ(one.status, WW_STATUS_OK);
  EXPECT_EQ(one.posts[0].id, "ad-4");
  // Restart after ad-4: the new validators were not committed yet, so the
  // resumed instance still sends the old ETag, gets the whole feed, and only
  // ad-5 is new. Its second poll gets a 304.
  auto resumed = Create(Config(), one.checkpoint);
  ASSERT_NE(resumed, nullptr);
  EXPECT_EQ(Drain(*resumed, 10, &checkpoint), (Ids{"ad-5"}));
  EXPECT_EQ(feed_.not_modified(), 3);
  auto again = Create(Config(), checkpoint);
  EXPECT_TRUE(Drain(*again, 10, &checkpoint).empty());
  EXPECT_EQ(feed_.not_modified(), 4);
}

TEST_F(FeedConnectorTest, FillsPostsFromItems) {
  feed_.Add(7, "<author>seller@example.com</author><category>Horn</category>");
  auto inst = Create(Config());
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(10, milliseconds(10));
  ASSERT_EQ(b.status, WW_STATUS_OK) << b.error;
  const Post& p = b.posts[0];
  EXPECT_EQ(p.url, feed_.url("/ad/7"));
  EXPECT_EQ(p.author, "seller@example.com");
  EXPECT_EQ(p.text, "Ad 7\nrhino horn");
  EXPECT_EQ(p.created_at_ms, 1714550400000);
  EXPECT_THAT(p.raw, HasSubstr("<guid>ad-7</guid>"));
  EXPECT_THAT(p.attributes,
              ::testing::Contains(
                  std::pair<std::string, std::string>("category", "Horn")));
}

TEST_F(FeedConnectorTest, SkipsMalformedItemsAndBrokenFeeds) {
  feed_.Add(1);
  feed_.AddRaw(
      "<item><guid>ad-bad</guid><title>x</title><pubDate>never</pubDate></"
      "item>");
  feed_.Add(2);
  std::optional<std::string> checkpoint;
  auto inst = Create(Config({{"urls", {feed_.url("/broken")}}}));
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Drain(*inst, 10, &checkpoint), (Ids{"ad-1", "ad-2"}));
  EXPECT_EQ(host_.counters["malformed_items"], 1u);
  // Reported on every poll (Drain polled twice): it may come back.
  EXPECT_EQ(host_.counters["malformed_feeds"], 2u);
  auto again = Create(Config(), checkpoint);
  EXPECT_TRUE(Drain(*again, 10, &checkpoint).empty());
  EXPECT_EQ(host_.counters["malformed_items"], 1u);
}

TEST_F(FeedConnectorTest, RetriesThenSurfacesTransientErrors) {
  feed_.Add(1);
  feed_.FailNext({429, 502});
  auto inst = Create(Config());
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status, WW_STATUS_OK);
  EXPECT_EQ(feed_.requests(), 3);

  feed_.SetDelay(milliseconds(300));
  auto slow = Create(Config({{"timeout_ms", 50}, {"max_retries", 0}}));
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_TRANSIENT_ERROR);
}

TEST_F(FeedConnectorTest, RejectsBadConfiguration) {
  json schema = json::parse(library_->descriptor().config_schema);
  EXPECT_FALSE(
      ValidateAgainstSchema({{"url", "http://x"}, {"feeds", 1}}, schema)
          .empty());
  EXPECT_FALSE(ValidateAgainstSchema({{"urls", "http://x"}}, schema).empty());
  auto code = [&](const json& config) {
    return ConnectorInstance::Create(library_, config.dump(), std::nullopt,
                                     &host_)
        .status()
        .code();
  };
  EXPECT_EQ(code(json::object()), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({{"urls", {"ftp://x/feed"}}}), StatusCode::kInvalidArgument);
  auto missing = Create(Config({{"url", feed_.url("/nope.xml")}}));
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_CONFIG_ERROR);
}

}  // namespace
}  // namespace wildwatch
