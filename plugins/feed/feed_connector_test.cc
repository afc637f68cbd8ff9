// The feed connector loaded through the host's loader, polling feeds served
// on 127.0.0.1 with validators (ETag / Last-Modified).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
using Ids = std::vector<std::string>;

// An RSS feed of the newest items first, with an ETag per version and
// Last-Modified; answers 304 to a matching If-None-Match.
class FakeFeed {
 public:
  FakeFeed() {
    server_.http().Get(
        "/rss", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mu_);
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
    EXPECT_TRUE(server_.Start());
  }
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
  // Fails, delays and counts requests: see LocalHttpServer.
  LocalHttpServer& faults() { return server_; }
  int not_modified() const { return not_modified_; }

 private:
  std::mutex mu_;
  std::vector<std::string> items_;  // Oldest first.
  std::atomic<int> not_modified_{0};
  LocalHttpServer server_;  // Last: see LocalHttpServer.
};

class FeedConnectorTest : public ConnectorTest {
 protected:
  FeedConnectorTest() : ConnectorTest("feed") {}

  json Config(json extra = json::object()) {
    return Validated(LocalPolling({{"url", feed_.url()}}), extra);
  }

  FakeFeed feed_;
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
  EXPECT_EQ(host_.Counter("malformed_items"), 1u);
  // Reported on every poll (Drain polled twice): it may come back.
  EXPECT_EQ(host_.Counter("malformed_feeds"), 2u);
  auto again = Create(Config(), checkpoint);
  EXPECT_TRUE(Drain(*again, 10, &checkpoint).empty());
  EXPECT_EQ(host_.Counter("malformed_items"), 1u);
}

TEST_F(FeedConnectorTest, RetriesThenSurfacesTransientErrors) {
  feed_.Add(1);
  feed_.faults().FailNext({429, 502});
  auto inst = Create(Config());
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status, WW_STATUS_OK);
  EXPECT_EQ(feed_.faults().requests(), 3);

  feed_.faults().SetDelay(milliseconds(300));
  auto slow = Create(Config({{"timeout_ms", 50}, {"max_retries", 0}}));
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_TRANSIENT_ERROR);
}

TEST_F(FeedConnectorTest, RejectsBadConfiguration) {
  json schema = Schema();
  EXPECT_FALSE(
      ValidateAgainstSchema({{"url", "http://x"}, {"feeds", 1}}, schema)
          .empty());
  EXPECT_FALSE(ValidateAgainstSchema({{"urls", "http://x"}}, schema).empty());
  EXPECT_EQ(CreateCode(json::object()), StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateCode({{"urls", {"ftp://x/feed"}}}),
            StatusCode::kInvalidArgument);
  auto missing = Create(Config({{"url", feed_.url("/nope.xml")}}));
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_CONFIG_ERROR);
}

}  // namespace
}  // namespace wildwatch
