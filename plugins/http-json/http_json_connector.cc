// The http-json connector: any paginated JSON API (typically a
// marketplace's search endpoint), mapped to posts by configuration. See
// README.md for the configuration.

#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "plugins/common/http/checkpoint_json.h"
#include "plugins/common/http/http_source.h"
#include "plugins/common/http/polling_connector.h"
#include "plugins/common/http/raw_json.h"
#include "plugins/common/http/recent_ids.h"
#include "plugins/common/http/url.h"
#include "plugins/http-json/item_mapper.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins::http_json {
namespace {

using nlohmann::json;

// The descriptor keeps the pointer for the library's lifetime.
const char* ConfigSchema() {
  json pointer = {{"type", "string"}};
  json fields = json::object();
  for (const char* name : {"id", "url", "title", "text", "author", "author_id",
                           "created_at", "price", "currency", "location"}) {
    fields[name] = pointer;
  }
  json own = {
      {"items_pointer", pointer},
      {"fields",
       {{"type", "object"},
        {"properties", fields},
        {"required", {"id"}},
        {"additionalProperties", false}}},
      {"text_is_html", {{"type", "boolean"}, {"default", false}}},
      {"paging", {{"enum", {"none", "cursor", "page"}}, {"default", "none"}}},
      {"next_cursor_pointer", pointer},
      {"cursor_param", {{"type", "string"}, {"minLength", 1}}},
      {"page_param", {{"type", "string"}, {"minLength", 1}}},
      {"start_page", {{"type", "integer"}, {"minimum", 0}}},
      {"max_pages", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}},
      {"headers",
       {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}},
      {"remember_ids",
       {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}}},
  };
  static const std::string schema = HttpSource::Schema(own, {"url", "fields"});
  return schema.c_str();
}

enum class Paging { kNone, kCursor, kPage };

class HttpJsonConnector : public PollingConnector {
 public:
  explicit HttpJsonConnector(const sdk::CreateArgs& args)
      : HttpJsonConnector(args, json::parse(args.config_json)) {}

 protected:
  // Reads up to max_pages pages from the committed position. Each page's
  // items are queued, then a marker whose commit moves the position: in
  // cursor mode to the next cursor (or, at the end, to this page again); in
  // page mode to this page if it had items, so the last non-empty page is
  // re-read on the next poll and items appended to it are not missed.
  void Poll(std::deque<QueuedItem>& queue) override {
    std::string position = position_;
    std::set<std::string> queued;
    for (int page = 0; page < max_pages_; ++page) {
      std::string url = PageUrl(position);
      StatusOr<HttpResponse> response =
          source_->Fetch(url, headers_, /*base_resource=*/page == 0);
      ThrowIfError(response.status());
      json document = json::parse(response->body, nullptr, false);
      StatusOr<std::vector<std::string_view>> items =
          RawJsonArray(response->body, items_pointer_);
      if (document.is_discarded() || !items.ok()) {
        throw sdk::TransientError(
            source_->secrets().Redact(url) + ": unexpected response: " +
            (items.ok() ? "not JSON" : items.status().message()));
      }
      for (std::string_view raw : *items) QueueItem(raw, url, queued, queue);
      std::optional<std::string> next =
          NextPosition(document, position, items->empty());
      if (paging_ != Paging::kPage || !items->empty()) {
        std::string reached =
            paging_ == Paging::kPage ? position : next.value_or(position);
        queue.push_back(
            {std::nullopt, [this, reached] { position_ = reached; }});
      }
      if (!next.has_value()) break;
      position = *next;
    }
  }

  std::string Checkpoint() const override {
    return json{{"position", position_}, {"seen", seen_.ToJson()}}.dump();
  }

 private:
  HttpJsonConnector(const sdk::CreateArgs& args, const json& config)
      : PollingConnector(args, PollInterval(config)),
        items_pointer_(config.value("items_pointer", "")),
        next_cursor_pointer_(config.value("next_cursor_pointer", "")),
        cursor_param_(config.value("cursor_param", "cursor")),
        page_param_(config.value("page_param", "page")),
        start_page_(config.value("start_page", 1)),
        max_pages_(config.value("max_pages", 5)),
        remember_ids_(config.value("remember_ids", 5000)),
        seen_(remember_ids_) {
    StatusOr<std::unique_ptr<HttpSource>> source =
        HttpSource::Create(config, PollInterval(config), host());
    ThrowIfError(source.status());
    source_ = std::move(*source);
    StatusOr<ItemMapper> mapper = ItemMapper::Create(
        config["fields"], config.value("text_is_html", false));
    ThrowIfError(mapper.status());
    mapper_.emplace(std::move(*mapper));
    std::string paging = config.value("paging", "none");
    paging_ = paging == "cursor" ? Paging::kCursor
              : paging == "page" ? Paging::kPage
                                 : Paging::kNone;
    if (paging_ == Paging::kCursor && next_cursor_pointer_.empty()) {
      throw sdk::ConfigError("paging cursor needs next_cursor_pointer");
    }
    for (const std::string& pointer : {items_pointer_, next_cursor_pointer_}) {
      try {
        json::json_pointer{pointer};
      } catch (const json::exception& e) {
        throw sdk::ConfigError("not a JSON Pointer: '" + pointer + "'");
      }
    }
    const json headers = config.value("headers", json::object());
    for (const auto& [name, value] : headers.items()) {
      // Values may name secrets: "Bearer ${SHOP_API_KEY}".
      StatusOr<std::string> expanded =
          source_->secrets().Expand(value.get<std::string>());
      ThrowIfError(expanded.status());
      headers_.emplace_back(name, *expanded);
    }
    position_ = paging_ == Paging::kPage ? std::to_string(start_page_) : "";
    Restore(args.checkpoint);
  }

  static std::chrono::milliseconds PollInterval(const json& config) {
    // Search results of a marketplace change over minutes; five is gentle
    // enough to keep an API key in good standing.
    return std::chrono::milliseconds(config.value("poll_interval_ms", 300000));
  }

  void Restore(std::string_view checkpoint) {
    if (checkpoint.empty()) return;
    json state = ParseCheckpoint(checkpoint, "position", json::value_t::string);
    position_ = state["position"].get<std::string>();
    seen_ = RestoreRecentIds(state["seen"], remember_ids_);
  }

  // The URL of the page at position: "{cursor}" / "{page}" in the url are
  // replaced, otherwise cursor_param / page_param are set as query
  // parameters (no cursor parameter on the very first request).
  std::string PageUrl(const std::string& position) const {
    std::string url = source_->url();
    if (paging_ == Paging::kNone) return url;
    std::string placeholder =
        paging_ == Paging::kCursor ? "{cursor}" : "{page}";
    size_t at = url.find(placeholder);
    if (at != std::string::npos) {
      return url.replace(at, placeholder.size(), UrlEncode(position));
    }
    if (position.empty()) return url;
    return WithQueryParameter(
        url, paging_ == Paging::kCursor ? cursor_param_ : page_param_,
        position);
  }

  // The position after the page read at position, or nullopt when there
  // is no further page to read now.
  std::optional<std::string> NextPosition(const json& document,
                                          const std::string& position,
                                          bool empty) const {
    if (paging_ == Paging::kPage) {
      if (empty) return std::nullopt;
      return std::to_string(std::stoll(position) + 1);
    }
    if (paging_ != Paging::kCursor) return std::nullopt;
    json::json_pointer pointer(next_cursor_pointer_);
    if (!document.contains(pointer)) return std::nullopt;
    const json& cursor = document.at(pointer);
    std::string text = cursor.is_string()   ? cursor.get<std::string>()
                       : cursor.is_number() ? cursor.dump()
                                            : "";
    // A repeated cursor would loop on the same page until max_pages.
    if (text.empty() || text == position) return std::nullopt;
    return text;
  }

  void QueueItem(std::string_view raw, const std::string& url,
                 std::set<std::string>& queued, std::deque<QueuedItem>& queue) {
    StatusOr<sdk::Post> post = mapper_->Map(json::parse(raw), std::string(raw));
    if (!post.ok()) {
      ReportMalformed(source_->secrets().Redact(url) + ": " +
                      post.status().message());
      return;
    }
    std::string id = post->id;
    if (seen_.Contains(id) || !queued.insert(id).second) return;
    queue.push_back({std::move(*post), [this, id] { seen_.Insert(id); }});
  }

  const std::string items_pointer_;
  const std::string next_cursor_pointer_;
  const std::string cursor_param_;
  const std::string page_param_;
  const int64_t start_page_;
  const int max_pages_;
  const int remember_ids_;  // Must exceed the items of max_pages pages.
  Paging paging_ = Paging::kNone;
  std::unique_ptr<HttpSource> source_;
  std::optional<ItemMapper> mapper_;
  HttpSource::Headers headers_;
  // Resumable state, changed only by the commits of handed-over items.
  std::string position_;  // Cursor, or page number as text.
  RecentIds seen_;
};

}  // namespace
}  // namespace wildwatch::plugins::http_json

WILDWATCH_CONNECTOR(wildwatch::plugins::http_json::HttpJsonConnector,
                    "http-json", "1.0.0",
                    "Any paginated JSON API, mapped to posts by configuration",
                    WW_PLATFORM_MARKETPLACE,
                    wildwatch::plugins::http_json::ConfigSchema())
