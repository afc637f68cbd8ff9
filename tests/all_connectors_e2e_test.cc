// Every shipped connector in one wildwatchd, from one YAML configuration:
// the file-based ones over their fixtures, the HTTP ones against a local
// server on 127.0.0.1 that serves the platforms' real formats. Each must
// read its posts without errors, and the HTTP ones' trade posts must reach a
// subscriber as matches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "plugins/common/testing/local_http_server.h"
#include "tests/testing/daemon_process.h"
#include "tests/testing/rule_fixture.h"
#include "tests/testing/scratch_dir.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch {
namespace {

using testing::ElephantIvory;
using testing::RuleSetYaml;
namespace v1 = ::wildwatch::v1;

constexpr char kAdmin[] = "admin-token-0123456789";

// Two Mastodon statuses, as GET /api/v1/timelines/tag/:hashtag returns them.
constexpr char kMastodon[] = R"([
 {"id":"1002","created_at":"2024-05-02T09:00:00.000Z","url":"https://m.example/@kai/1002",
  "content":"<p>carved <b>ivory</b> bangle, DM me</p>","language":"en","spoiler_text":"",
  "account":{"id":"7","acct":"kai"},"tags":[],"media_attachments":[],"reblog":null,"sensitive":false},
 {"id":"1001","created_at":"2024-05-01T09:00:00.000Z","url":"https://m.example/@lee/1001",
  "content":"<p>sunny day at the beach</p>","language":"en","spoiler_text":"",
  "account":{"id":"8","acct":"lee"},"tags":[],"media_attachments":[],"reblog":null,"sensitive":false}
])";

constexpr char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Classifieds</title><link>https://c.example/</link>
<description>Antiques</description>
<item><title>Old ivory netsuke</title><link>https://c.example/1</link>
<guid>c-1</guid><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;pre-ban ivory netsuke, offers&lt;/p&gt;</description></item>
<item><title>Oak table</title><link>https://c.example/2</link>
<guid>c-2</guid><pubDate>Wed, 01 May 2024 11:00:00 GMT</pubDate>
<description>solid oak</description></item>
</channel></rss>)";

class AllConnectorsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("rules.yaml", RuleSetYaml("all-connectors", {ElephantIvory()}));
    auto& http = server_.http();
    http.Get("/api/v1/timelines/tag/ivory", [](const httplib::Request& req,
                                               httplib::Response& res) {
      // Newer pages (min_id) are empty: the timeline holds two.
      res.set_content(
          req.has_param("min_id") || req.has_param("max_id") ? "[]" : kMastodon,
          "application/json; charset=utf-8");
    });
    http.Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kRss, "application/rss+xml");
    });
    http.Get("/search", [](const httplib::Request& req,
                           httplib::Response& res) {
      const std::string page = req.get_param_value("page");
      res.set_content(
          page == "1" ? R"({"items":[{"id":"s1","text":"ivory carving, $300"},
                                      {"id":"s2","text":"garden chair"}]})"
                      : R"({"items":[]})",
          "application/json; charset=utf-8");
    });
    ASSERT_TRUE(server_.Start());
  }

  void WriteConfig() {
    const std::string src = WILDWATCH_SOURCE_DIR;
    const std::string url = server_.url();
    const std::string http =
        "min_interval_ms: 0, poll_interval_ms: 100, timeout_ms: 2000";
    std::ostringstream config;
    config
        << "listen: 127.0.0.1:0\ndata_dir: data\nport_file: port\n"
        << "plugin_dir: " WILDWATCH_BINARY_DIR "/plugins\nrules: [rules.yaml]\n"
        << "connectors:\n"
        << "  - {name: dump, plugin: jsonl, config: {path: " << src
        << "/examples/demo/posts}}\n"
        << "  - {name: phone, plugin: whatsapp, config: {path: " << src
        << "/plugins/whatsapp/testdata/us_english.txt}}\n"
        << "  - {name: mail, plugin: mbox, config: {path: " << src
        << "/plugins/mbox/testdata/sample.mbox}}\n"
        << "  - {name: channel, plugin: telegram, config: {mode: export, path: "
        << src << "/plugins/telegram/testdata/channel/result.json}}\n"
        << "  - {name: toots, plugin: mastodon, platform: mastodon, config: "
           "{url: "
        << url << ", hashtags: [ivory], backfill_pages: 0, " << http << "}}\n"
        << "  - {name: classifieds, plugin: feed, platform: classifieds, "
           "config: {urls: ["
        << url << "/feed.xml], " << http << "}}\n"
        << "  - {name: shop, plugin: http_json, platform: shop, config: {url: '"
        << url
        << "/search', items_pointer: /items, fields: {id: /id, text: /text}, "
           "paging: page, page_param: page, start_page: 1, "
        << http << "}}\n"
        << "tokens:\n  - {name: ops, role: admin, token: " << kAdmin << "}\n";
    dir_.Write("wildwatchd.yaml", config.str());
  }

  testing::ScratchDir dir_{"ww_all_connectors"};
  plugins::testing::LocalHttpServer server_;
  std::unique_ptr<testing::DaemonProcess> daemon_;
};

TEST_F(AllConnectorsE2ETest, EveryShippedConnectorRunsFromOneConfiguration) {
  daemon_ = std::make_unique<testing::DaemonProcess>();
  WriteConfig();
  ASSERT_TRUE(daemon_->StartIn(dir_.path())) << daemon_->log();

  // The HTTP connectors' trade posts arrive as matches.
  std::set<std::string> platforms;
  {
    auto feed = v1::MatchFeed::NewStub(daemon_->Channel());
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Bearer ") + kAdmin);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    v1::SubscribeRequest request;
    for (const char* p : {"mastodon", "classifieds", "shop"})
      request.add_platforms(p);
    auto reader = feed->Subscribe(&context, request);
    v1::SubscribeResponse r;
    while (platforms.size() < 3 && reader->Read(&r)) {
      if (r.has_match()) platforms.insert(r.match().platform());
    }
    context.TryCancel();
  }
  EXPECT_EQ(platforms,
            (std::set<std::string>{"mastodon", "classifieds", "shop"}));

  // Every connector read posts and none reported an error.
  auto admin = v1::Admin::NewStub(daemon_->Channel());
  std::map<std::string, v1::ConnectorStatus> by_name;
  for (int attempt = 0; attempt < 200; ++attempt) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Bearer ") + kAdmin);
    v1::ListConnectorsResponse response;
    ASSERT_TRUE(admin->ListConnectors(&context, {}, &response).ok());
    by_name.clear();
    bool all_read = true;
    for (const auto& c : response.connectors()) {
      by_name[c.name()] = c;
      all_read &= c.posts_read() > 0;
    }
    if (all_read) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(by_name.size(), 7u);
  for (const auto& [name, c] : by_name) {
    EXPECT_GT(c.posts_read(), 0u)
        << name << ": " << c.state() << " " << c.last_error();
    EXPECT_EQ(c.errors(), 0u) << name << ": " << c.last_error();
    EXPECT_THAT(c.state(), ::testing::AnyOf("running", "idle", "finished"))
        << name;
  }
  EXPECT_EQ(by_name["toots"].plugin(), "mastodon");
  EXPECT_EQ(by_name["shop"].plugin(), "http-json");
}

}  // namespace
}  // namespace wildwatch
