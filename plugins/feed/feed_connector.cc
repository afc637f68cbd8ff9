// The feed connector: RSS and Atom feeds of marketplaces, classifieds and
// forums, polled over HTTP(S). See README.md for the configuration.

#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "plugins/common/http/checkpoint_json.h"
#include "plugins/common/http/http_source.h"
#include "plugins/common/http/polling_connector.h"
#include "plugins/common/http/recent_ids.h"
#include "plugins/feed/feed_parser.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins::feed {
namespace {

using nlohmann::json;

// The descriptor keeps the pointer for the library's lifetime.
const char* ConfigSchema() {
  json own = {
      {"urls",
       {{"type", "array"}, {"items", {{"type", "string"}, {"minLength", 1}}}}},
      {"remember_ids",
       {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}}},
  };
  static const std::string schema = HttpSource::Schema(own, {});
  return schema.c_str();
}

// What the connector remembers of one feed.
struct FeedState {
  std::string etag;
  std::string last_modified;
  RecentIds seen;
};

class FeedConnector : public PollingConnector {
 public:
  explicit FeedConnector(const sdk::CreateArgs& args)
      : FeedConnector(args, json::parse(args.config_json)) {}

 protected:
  void Poll(std::deque<QueuedItem>& queue) override {
    for (const std::string& url : urls_) PollFeed(url, queue);
  }

  std::string Checkpoint() const override {
    json feeds = json::object();
    for (const auto& [url, state] : feeds_) {
      feeds[url] = {{"etag", state.etag},
                    {"last_modified", state.last_modified},
                    {"seen", state.seen.ToJson()}};
    }
    return json{{"feeds", feeds}}.dump();
  }

 private:
  FeedConnector(const sdk::CreateArgs& args, const json& config)
      : PollingConnector(args, PollInterval(config)),
        remember_ids_(config.value("remember_ids", 1000)) {
    json source_config = config;
    for (const json& url : config.value("urls", json::array())) {
      urls_.push_back(url.get<std::string>());
    }
    if (config.contains("url"))
      urls_.push_back(config["url"].get<std::string>());
    if (urls_.empty()) throw sdk::ConfigError("set url or urls");
    // HttpSource reads one base url; every feed is fetched by its own.
    source_config["url"] = urls_.front();
    StatusOr<std::unique_ptr<HttpSource>> source =
        HttpSource::Create(source_config, PollInterval(config), host());
    ThrowIfError(source.status());
    source_ = std::move(*source);
    for (const std::string& url : urls_) {
      if (!url.starts_with("http://") && !url.starts_with("https://")) {
        throw sdk::ConfigError("urls: not an http(s) URL: " + url);
      }
      feeds_.emplace(url, FeedState{"", "", RecentIds(remember_ids_)});
    }
    Restore(args.checkpoint);
  }

  static std::chrono::milliseconds PollInterval(const json& config) {
    // Classified sites refresh feeds every few minutes; five keeps us
    // inside what feed etiquette (and most TTLs) ask for.
    return std::chrono::milliseconds(config.value("poll_interval_ms", 300000));
  }

  void Restore(std::string_view checkpoint) {
    if (checkpoint.empty()) return;
    json state = ParseCheckpoint(checkpoint, "feeds", json::value_t::object);
    for (const auto& [url, saved] : state["feeds"].items()) {
      auto feed = feeds_.find(url);
      if (feed == feeds_.end()) continue;  // Dropped from the config.
      feed->second = FeedState{
          saved.value("etag", ""), saved.value("last_modified", ""),
          RestoreRecentIds(saved.value("seen", json::array()), remember_ids_)};
    }
  }

  void PollFeed(const std::string& url, std::deque<QueuedItem>& queue) {
    FeedState& state = feeds_.at(url);
    HttpSource::Headers headers;
    if (!state.etag.empty()) headers.emplace_back("If-None-Match", state.etag);
    if (!state.last_modified.empty()) {
      headers.emplace_back("If-Modified-Since", state.last_modified);
    }
    StatusOr<HttpResponse> response = source_->Fetch(url, headers, true);
    ThrowIfError(response.status());
    if (response->status == 304) return;
    StatusOr<std::vector<FeedEntry>> entries = ParseFeed(response->body);
    if (!entries.ok()) {
      // One broken feed must not stop the others; it is retried next poll.
      Log(WW_LOG_WARN,
          source_->secrets().Redact(url) + ": " + entries.status().message());
      AddCounter("malformed_feeds");
      return;
    }
    std::string etag = response->Header("etag");
    std::string last_modified = response->Header("last-modified");
    std::set<std::string> queued;
    size_t first = queue.size();
    // Feeds list the newest first; hand over the oldest first.
    for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
      FeedEntry& entry = *it;
      std::string id = entry.post.id;
      if (!id.empty() &&
          (state.seen.Contains(id) || !queued.insert(id).second)) {
        continue;
      }
      QueuedItem item;
      if (entry.error.empty()) {
        item.post = std::move(entry.post);
      } else {
        ReportMalformed(source_->secrets().Redact(url) + ": " + entry.error);
        if (id.empty()) continue;
      }
      item.commit = [&state, id] { state.seen.Insert(id); };
      queue.push_back(std::move(item));
    }
    // The validators may be stored only once every new entry is handed
    // over: a 304 after a restart would otherwise hide the rest.
    auto store = [&state, etag, last_modified] {
      state.etag = etag;
      state.last_modified = last_modified;
    };
    if (queue.size() == first) {
      store();
    } else {
      queue.back().commit = [seen = std::move(queue.back().commit), store] {
        seen();
        store();
      };
    }
  }

  const int remember_ids_;  // Must exceed the number of items in a feed.
  std::vector<std::string> urls_;
  std::unique_ptr<HttpSource> source_;
  // Resumable state, changed only by the commits of handed-over items.
  // std::map: commits hold references to its values, which stay valid.
  std::map<std::string, FeedState> feeds_;
};

}  // namespace
}  // namespace wildwatch::plugins::feed

WILDWATCH_CONNECTOR(
    wildwatch::plugins::feed::FeedConnector, "feed", "1.0.0",
    "RSS and Atom feeds of marketplaces, classifieds and forums",
    WW_PLATFORM_MARKETPLACE, wildwatch::plugins::feed::ConfigSchema())
