// Posts/s the HTTP connectors (mastodon, rss, http-json) read from a local
// server, each loaded through the host's loader and drained in batches of
// 256 as the daemon would. The server runs in-process on 127.0.0.1 with
// pre-rendered responses, so the figure is the connector's own cost
// (HTTP client, JSON/XML parsing, HTML to text, checkpoints), not the
// network's or a platform's. Rate limiting is off (min_interval_ms 0).
//
//   http_connector_throughput [posts]   (default 20000)
//
// Prints one line per connector: posts, requests, seconds, posts/s.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"
#include "plugins/common/testing/local_http_server.h"

namespace {

using nlohmann::json;
using wildwatch::plugins::testing::LocalHttpServer;

constexpr char kText[] =
    "<p>Genuine <b>rhino horn</b> bangles and carved ivory, old stock. "
    "Ships discreetly from HK &amp; VN, <a href=\"#\">#ivory</a> DM for "
    "price list.</p><p>Also pangolin scales 1kg, tiger bone wine.</p>";

// What Mastodon (Rails) sends. cpp-httplib brotli-compresses a bare
// "application/json" body, which costs the server 20x what the connector
// spends and would make this a benchmark of the compressor.
constexpr char kJson[] = "application/json; charset=utf-8";

json Status(int id) {
  return {
      {"id", std::to_string(id)},
      {"created_at", "2024-05-01T08:00:00.000Z"},
      {"url", "https://m.example/@s/" + std::to_string(id)},
      {"language", "en"},
      {"spoiler_text", ""},
      {"sensitive", false},
      {"content", kText},
      {"reblog", nullptr},
      {"account", {{"id", "42"}, {"username", "s"}, {"acct", "s@x.example"}}},
      {"media_attachments", json::array()},
      {"tags", {{{"name", "ivory"}, {"url", "https://m.example/tags/ivory"}}}}};
}

struct Figure {
  uint64_t posts = 0;
  double seconds = 0;
};

Figure Drain(const std::string& plugin, const json& config,
             const std::optional<std::string>& checkpoint) {
  auto library = wildwatch::PluginLibrary::Load(
      std::string(WILDWATCH_BINARY_DIR) + "/plugins/" + plugin);
  if (!library.ok()) {
    std::fprintf(stderr, "%s\n", library.status().ToString().c_str());
    std::exit(1);
  }
  auto inst = wildwatch::ConnectorInstance::Create(*library, config.dump(),
                                                   checkpoint, nullptr);
  if (!inst.ok()) {
    std::fprintf(stderr, "%s\n", inst.status().ToString().c_str());
    std::exit(1);
  }
  Figure figure;
  auto start = std::chrono::steady_clock::now();
  while (true) {
    wildwatch::BatchResult b =
        (*inst)->NextBatch(256, std::chrono::milliseconds(10));
    if (b.status != WW_STATUS_OK) {
      if (b.status != WW_STATUS_NO_DATA) {
        std::fprintf(stderr, "%s: status %d: %s\n", plugin.c_str(), b.status,
                     b.error.c_str());
      }
      break;
    }
    figure.posts += b.posts.size();
  }
  figure.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return figure;
}

void Print(const char* name, const Figure& f, int requests) {
  std::printf("%-10s %8llu posts %6d requests %7.3f s %10.0f posts/s\n", name,
              static_cast<unsigned long long>(f.posts), requests, f.seconds,
              f.posts / f.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  const int posts = argc > 1 ? std::atoi(argv[1]) : 20000;
  constexpr int kPage = 40;  // Mastodon's maximum limit.
  constexpr int kApiPage = 100;

  std::vector<std::string> statuses;  // Id i at index i - 1.
  for (int id = 1; id <= posts; ++id) statuses.push_back(Status(id).dump());
  std::string rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>";
  for (int i = posts; i >= 1; --i) {
    rss += "<item><guid>ad-" + std::to_string(i) + "</guid><title>Listing " +
           std::to_string(i) + "</title><link>https://c.example/ad/" +
           std::to_string(i) +
           "</link><pubDate>Wed, 01 May 2024 08:00:00 GMT</pubDate>"
           "<category>Reptiles</category><description><![CDATA[" +
           kText + "]]></description></item>";
  }
  rss += "</channel></rss>";

  std::atomic<int> requests{0};
  LocalHttpServer server;
  server.http().Get(
      R"(/api/v1/timelines/tag/ivory)",
      [&](const httplib::Request& req, httplib::Response& res) {
        ++requests;
        int min_id = std::stoi(req.get_param_value("min_id"));
        int last = std::min(posts, min_id + kPage);
        std::string body = "[";
        for (int id = last; id > min_id; --id) {
          if (id != last) body += ",";
          body += statuses[id - 1];
        }
        if (last > min_id) {
          std::string base =
              server.url() + "/api/v1/timelines/tag/ivory?limit=40";
          res.set_header("Link", "<" + base +
                                     "&max_id=" + std::to_string(min_id + 1) +
                                     ">; rel=\"next\", <" + base + "&min_id=" +
                                     std::to_string(last) + ">; rel=\"prev\"");
        }
        res.set_content(body + "]", kJson);
      });
  server.http().Get("/feed.xml",
                    [&](const httplib::Request&, httplib::Response& res) {
                      ++requests;
                      res.set_content(rss, "application/rss+xml");
                    });
  server.http().Get("/search", [&](const httplib::Request& req,
                                   httplib::Response& res) {
    ++requests;
    int offset =
        req.has_param("cursor") ? std::stoi(req.get_param_value("cursor")) : 0;
    int end = std::min(posts, offset + kApiPage);
    std::string items;
    for (int i = offset; i < end; ++i) {
      if (i != offset) items += ",";
      items += json{{"itemId", i},
                    {"title", "Listing " + std::to_string(i)},
                    {"description", kText},
                    {"seller", {{"name", "s"}, {"id", 7}}},
                    {"listedAt", 1714550400 + i},
                    {"price", {{"value", 99.5}, {"currency", "USD"}}}}
                   .dump();
    }
    std::string next = end < posts ? "\"" + std::to_string(end) + "\"" : "null";
    res.set_content("{\"results\":[" + items + "],\"next\":" + next + "}",
                    kJson);
  });
  if (!server.Start()) return 1;

  json common = {{"url", server.url()},
                 {"min_interval_ms", 0},
                 {"poll_interval_ms", 60000},
                 {"timeout_ms", 10000}};

  json mastodon = common;
  mastodon.update({{"hashtags", {"ivory"}},
                   {"limit", kPage},
                   {"max_pages", 1000},
                   {"remember_ids", posts + 1}});
  requests = 0;
  // Resume from id 0, so the whole timeline is caught up with min_id paging.
  Figure m = Drain(
      "libwildwatch_mastodon.so", mastodon,
      json{{"newest", {{"tag:ivory", "0"}}}, {"seen", json::array()}}.dump());
  Print("mastodon", m, requests);

  json feed = common;
  feed.update(
      {{"url", server.url() + "/feed.xml"}, {"remember_ids", posts + 1}});
  requests = 0;
  Figure r = Drain("libwildwatch_feed.so", feed, std::nullopt);
  Print("feed", r, requests);

  json api = common;
  api.update({{"url", server.url() + "/search?q=ivory"},
              {"items_pointer", "/results"},
              {"paging", "cursor"},
              {"next_cursor_pointer", "/next"},
              {"max_pages", 1000},
              {"text_is_html", true},
              {"remember_ids", posts + 1},
              {"fields",
               {{"id", "/itemId"},
                {"title", "/title"},
                {"text", "/description"},
                {"author", "/seller/name"},
                {"author_id", "/seller/id"},
                {"created_at", "/listedAt"},
                {"price", "/price/value"},
                {"currency", "/price/currency"}}}});
  requests = 0;
  Figure h = Drain("libwildwatch_http_json.so", api, std::nullopt);
  Print("http-json", h, requests);
  return 0;
}
