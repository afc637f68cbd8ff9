#include "plugins/telegram/bot_connector.h"

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include "plugins/common/http/raw_json.h"
#include "plugins/common/http/url.h"
#include "plugins/telegram/bot_update.h"

namespace wildwatch::telegram {
namespace {

// Telegram's own default, and a page small enough to hand over quickly.
constexpr int kUpdatesPerPoll = 100;

}  // namespace

BotConnector::BotConnector(const sdk::CreateArgs& args,
                           std::unique_ptr<plugins::HttpSource> source,
                           std::string updates_url, int64_t offset)
    : PollingConnector(args, source->poll_interval()),
      source_(std::move(source)),
      updates_url_(std::move(updates_url)),
      offset_(offset) {}

std::unique_ptr<BotConnector> BotConnector::Create(const sdk::CreateArgs& args,
                                                   nlohmann::json config) {
  const std::string token_env = config.value("token_env", "");
  if (token_env.empty()) {
    throw sdk::ConfigError("mode \"bot\" needs \"token_env\"");
  }
  const int64_t timeout_s = config.value("timeout_s", int64_t{10});
  if (!config.contains("url")) config["url"] = "https://api.telegram.org";
  // The HTTP request has to outlive the long poll it carries.
  if (!config.contains("timeout_ms")) {
    config["timeout_ms"] = timeout_s * 1000 + 10000;
  } else if (config["timeout_ms"].get<int64_t>() <= timeout_s * 1000) {
    throw sdk::ConfigError("timeout_ms must be longer than timeout_s");
  }
  // The long poll itself paces the requests, so no pause is needed between
  // polls by default.
  StatusOr<std::unique_ptr<plugins::HttpSource>> source =
      plugins::HttpSource::Create(
          config, std::chrono::milliseconds(0), args.host,
          [](const plugins::HttpResponse& r) { return BotRetryAfter(r.body); });
  if (!source.ok()) throw sdk::ConfigError(source.status().message());
  StatusOr<std::string> token = (*source)->secrets().Read(token_env);
  if (!token.ok()) throw sdk::ConfigError(token.status().message());

  nlohmann::json allowed =
      config.value("allowed_updates",
                   nlohmann::json{"message", "channel_post", "edited_message",
                                  "edited_channel_post"});
  std::string url = (*source)->url() + "/bot" + *token + "/getUpdates";
  url = plugins::WithQueryParameter(url, "timeout", std::to_string(timeout_s));
  url = plugins::WithQueryParameter(url, "limit",
                                    std::to_string(kUpdatesPerPoll));
  url = plugins::WithQueryParameter(url, "allowed_updates", allowed.dump());

  int64_t offset = 0;
  if (!args.checkpoint.empty()) {
    nlohmann::json saved =
        nlohmann::json::parse(args.checkpoint, nullptr, false);
    if (!saved.is_object() ||
        !saved.value("offset", nlohmann::json()).is_number_integer()) {
      throw sdk::ConfigError("the checkpoint is not a Bot API offset");
    }
    offset = saved["offset"].get<int64_t>();
  }
  return std::unique_ptr<BotConnector>(
      new BotConnector(args, std::move(*source), std::move(url), offset));
}

std::string BotConnector::Checkpoint() const {
  return nlohmann::json({{"offset", offset_}}).dump();
}

void BotConnector::Poll(std::deque<plugins::QueuedItem>& queue) {
  std::string url = updates_url_;
  if (offset_ != 0) {
    url = plugins::WithQueryParameter(url, "offset", std::to_string(offset_));
  }
  StatusOr<plugins::HttpResponse> response = source_->Fetch(url, {}, true);
  ThrowIfError(response.status());
  const std::string& body = response->body;
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_object() || parsed.value("ok", false) != true ||
      !parsed.contains("result") || !parsed["result"].is_array()) {
    std::string description =
        parsed.is_object() ? parsed.value("description", "") : "";
    throw sdk::TransientError(
        "getUpdates: unexpected answer" +
        (description.empty() ? std::string() : ": " + description));
  }
  StatusOr<std::vector<std::string_view>> raw =
      plugins::RawJsonArray(body, "/result");
  ThrowIfError(raw.status());
  const nlohmann::json& updates = parsed["result"];
  for (size_t i = 0; i < updates.size(); ++i) {
    StatusOr<int64_t> id = BotUpdateId(updates[i]);
    if (!id.ok()) {
      // Without an update_id there is no offset to move past it; the next
      // good update confirms it along with itself.
      ReportMalformed("getUpdates result #" + std::to_string(i) + ": " +
                      id.status().message());
      continue;
    }
    plugins::QueuedItem item;
    item.commit = [this, next = *id + 1] { offset_ = std::max(offset_, next); };
    StatusOr<std::optional<sdk::Post>> post =
        ConvertBotUpdate(updates[i], (*raw)[i]);
    if (!post.ok()) {
      ReportMalformed("update " + std::to_string(*id) + ": " +
                      post.status().message());
    } else {
      item.post = std::move(*post);
    }
    queue.push_back(std::move(item));
  }
}

}  // namespace wildwatch::telegram
