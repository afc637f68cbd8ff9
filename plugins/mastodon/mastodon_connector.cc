// The Mastodon connector: public hashtag and public timelines of one
// server, read over its REST API. See README.md for the configuration.

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "plugins/common/http/checkpoint_json.h"
#include "plugins/common/http/http_source.h"
#include "plugins/common/http/link_header.h"
#include "plugins/common/http/polling_connector.h"
#include "plugins/common/http/raw_json.h"
#include "plugins/common/http/recent_ids.h"
#include "plugins/common/http/url.h"
#include "plugins/mastodon/status_parser.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins::mastodon {
namespace {

using nlohmann::json;

// The descriptor keeps the pointer for the library's lifetime.
const char* ConfigSchema() {
  json own = {
      {"hashtags",
       {{"type", "array"}, {"items", {{"type", "string"}, {"minLength", 1}}}}},
      {"public", {{"type", "boolean"}, {"default", false}}},
      {"local", {{"type", "boolean"}, {"default", false}}},
      {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 40}}},
      {"max_pages", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}},
      {"backfill_pages",
       {{"type", "integer"}, {"minimum", 0}, {"maximum", 1000}}},
      {"access_token_env", {{"type", "string"}, {"minLength", 1}}},
      {"remember_ids",
       {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}}},
  };
  static const std::string schema = HttpSource::Schema(own, {"url"});
  return schema.c_str();
}

// One timeline the instance follows.
struct Timeline {
  std::string key;   // Checkpoint key: "tag:<name>" or "public".
  std::string path;  // API path with its fixed query, e.g. "?local=true".
};

class MastodonConnector : public PollingConnector {
 public:
  explicit MastodonConnector(const sdk::CreateArgs& args)
      : MastodonConnector(args, json::parse(args.config_json)) {}

 protected:
  void Poll(std::deque<QueuedItem>& queue) override {
    std::set<std::string> queued;  // Post ids queued by this poll.
    for (const Timeline& timeline : timelines_) {
      auto newest = newest_.find(timeline.key);
      std::vector<std::pair<std::string, QueuedItem>> found =
          newest == newest_.end() ? Backfill(timeline)
                                  : CatchUp(timeline, newest->second);
      std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return IdLess(a.first, b.first);
      });
      std::string previous;
      for (auto& [page_id, item] : found) {
        if (page_id == previous) continue;  // Pages overlapped.
        previous = page_id;
        std::string post_id = item.post ? item.post->id : "";
        if (!post_id.empty() &&
            (seen_.Contains(post_id) || !queued.insert(post_id).second)) {
          item.post.reset();  // Already handed over from another timeline.
        }
        item.commit = [this, key = timeline.key, page_id, post_id] {
          std::string& newest = newest_[key];
          if (IdLess(newest, page_id)) newest = page_id;
          if (!post_id.empty()) seen_.Insert(post_id);
        };
        queue.push_back(std::move(item));
      }
    }
  }

  std::string Checkpoint() const override {
    return json{{"newest", newest_}, {"seen", seen_.ToJson()}}.dump();
  }

 private:
  MastodonConnector(const sdk::CreateArgs& args, const json& config)
      : PollingConnector(args, PollInterval(config)),
        limit_(config.value("limit", 40)),
        max_pages_(config.value("max_pages", 10)),
        backfill_pages_(config.value("backfill_pages", 0)),
        remember_ids_(config.value("remember_ids", 2000)),
        seen_(seen_capacity()) {
    StatusOr<std::unique_ptr<HttpSource>> source =
        HttpSource::Create(config, PollInterval(config), host());
    ThrowIfError(source.status());
    source_ = std::move(*source);
    if (config.contains("access_token_env")) {
      StatusOr<std::string> token = source_->secrets().Read(
          config["access_token_env"].get<std::string>());
      ThrowIfError(token.status());
      headers_.emplace_back("Authorization", "Bearer " + *token);
    }
    for (const json& tag : config.value("hashtags", json::array())) {
      std::string name = tag.get<std::string>();
      if (!name.empty() && name.front() == '#') name.erase(0, 1);
      timelines_.push_back(
          {"tag:" + name, "/api/v1/timelines/tag/" + UrlEncode(name)});
    }
    if (config.value("public", false)) {
      bool local = config.value("local", false);
      timelines_.push_back({local ? "public:local" : "public",
                            std::string("/api/v1/timelines/public") +
                                (local ? "?local=true" : "")});
    }
    if (timelines_.empty()) {
      throw sdk::ConfigError(
          "nothing to read: set hashtags and/or public: true");
    }
    Restore(args.checkpoint);
  }

  static std::chrono::milliseconds PollInterval(const json& config) {
    // A busy hashtag gains a few statuses a minute; a minute keeps latency
    // low without nearing the server's 300 requests / 5 minutes limit.
    return std::chrono::milliseconds(config.value("poll_interval_ms", 60000));
  }

  void Restore(std::string_view checkpoint) {
    if (checkpoint.empty()) return;
    json state = ParseCheckpoint(checkpoint, "newest", json::value_t::object);
    for (const auto& [key, id] : state["newest"].items()) {
      if (id.is_string()) newest_[key] = id.get<std::string>();
    }
    seen_ = RestoreRecentIds(state["seen"], seen_capacity());
  }

  size_t seen_capacity() const {
    return static_cast<size_t>(std::max(1, remember_ids_));
  }

  std::string FirstPage(const Timeline& timeline) const {
    return WithQueryParameter(source_->url() + timeline.path, "limit",
                              std::to_string(limit_));
  }

  // First run: the newest page, then backfill_pages older ones (rel=next).
  std::vector<std::pair<std::string, QueuedItem>> Backfill(
      const Timeline& timeline) {
    std::vector<std::pair<std::string, QueuedItem>> found;
    std::string url = FirstPage(timeline);
    for (int page = 0; page <= backfill_pages_ && !url.empty(); ++page) {
      url = ReadPage(url, page == 0, "next", found);
    }
    return found;
  }

  // Later runs: the statuses right after newest (min_id), then newer pages
  // (rel=prev) until one is empty or max_pages were read.
  std::vector<std::pair<std::string, QueuedItem>> CatchUp(
      const Timeline& timeline, const std::string& newest) {
    std::vector<std::pair<std::string, QueuedItem>> found;
    std::string url = WithQueryParameter(FirstPage(timeline), "min_id", newest);
    for (int page = 0; page < max_pages_ && !url.empty(); ++page) {
      url = ReadPage(url, page == 0, "prev", found);
    }
    return found;
  }

  // Appends the statuses of the page at url to found, each with its
  // timeline id (the boost's own id for a boost). Returns the URL of the
  // rel page to read next, or "" when the page was empty or has none.
  std::string ReadPage(const std::string& url, bool base, const char* rel,
                       std::vector<std::pair<std::string, QueuedItem>>& found) {
    StatusOr<HttpResponse> response = source_->Fetch(url, headers_, base);
    ThrowIfError(response.status());
    StatusOr<std::vector<std::string_view>> items =
        RawJsonArray(response->body, "");
    if (!items.ok()) {
      throw sdk::TransientError(
          source_->secrets().Redact(url) +
          ": not a timeline: " + items.status().message());
    }
    for (std::string_view raw : *items) {
      json status = json::parse(raw);
      std::string page_id =
          status.is_object() && status["id"].is_string() ? status["id"] : "";
      StatusOr<sdk::Post> post = ParseStatus(status, std::string(raw));
      if (!post.ok()) {
        ReportMalformed(source_->secrets().Redact(url) + ": " +
                        post.status().message());
        // Without an id the position cannot be passed; the item is
        // dropped and not reported again once newer ones pass it.
        if (page_id.empty()) continue;
      }
      QueuedItem item;
      if (post.ok()) item.post = std::move(*post);
      found.emplace_back(page_id, std::move(item));
    }
    if (items->empty()) return "";
    auto links = ParseLinkHeader(response->Header("link"));
    auto next = links.find(rel);
    return next == links.end() ? "" : next->second;
  }

  const int limit_;
  const int max_pages_;
  const int backfill_pages_;
  // Must exceed what one poll can return across all timelines.
  const int remember_ids_;
  std::unique_ptr<HttpSource> source_;
  HttpSource::Headers headers_;
  std::vector<Timeline> timelines_;
  // Resumable state, changed only by the commits of handed-over items.
  std::map<std::string, std::string> newest_;  // Timeline key -> newest id.
  RecentIds seen_;  // Post ids handed over, against cross-timeline repeats.
};

}  // namespace
}  // namespace wildwatch::plugins::mastodon

WILDWATCH_CONNECTOR(wildwatch::plugins::mastodon::MastodonConnector, "mastodon",
                    "1.0.0",
                    "Public hashtag and public timelines of a Mastodon server",
                    WW_PLATFORM_SOCIAL,
                    wildwatch::plugins::mastodon::ConfigSchema())
