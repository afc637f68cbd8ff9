// The Telegram connector plugin: mode "export" reads Telegram Desktop JSON
// exports (ExportConnector), mode "bot" polls the Bot API (BotConnector).
// This file holds what both share: the configuration schema and the choice
// of mode. See README.md for the keys.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "plugins/common/http/http_source.h"
#include "plugins/telegram/bot_connector.h"
#include "plugins/telegram/export_connector.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::telegram {
namespace {

// Keys that only one mode reads; giving one to the other mode is a mistake
// worth reporting rather than ignoring.
constexpr const char* kExportKeys[] = {"path", "public_username",
                                       "max_file_bytes"};
constexpr const char* kBotKeys[] = {
    "token_env",   "timeout_s",       "allowed_updates",
    "url",         "proxy",           "timeout_ms",
    "user_agent",  "min_interval_ms", "poll_interval_ms",
    "max_retries", "retry_backoff_ms"};

const char* Schema() {
  static const std::string schema = plugins::HttpSource::Schema(
      {
          {"mode", {{"type", "string"}, {"enum", {"export", "bot"}}}},
          {"path", {{"type", "string"}, {"minLength", 1}}},
          {"public_username",
           {{"type", "object"},
            {"additionalProperties", {{"type", "string"}, {"minLength", 1}}}}},
          {"max_file_bytes",
           {{"type", "integer"}, {"minimum", 1}, {"default", 512 << 20}}},
          {"token_env", {{"type", "string"}, {"minLength", 1}}},
          {"timeout_s",
           {{"type", "integer"},
            {"minimum", 0},
            {"maximum", 300},
            {"default", 10}}},
          {"allowed_updates",
           {{"type", "array"},
            {"minItems", 1},
            {"items",
             {{"type", "string"},
              {"enum",
               {"message", "channel_post", "edited_message",
                "edited_channel_post"}}}}}},
      },
      {"mode"});
  return schema.c_str();
}

template <size_t N>
void RejectKeys(const nlohmann::json& config, const char* const (&keys)[N],
                const std::string& mode) {
  for (const char* key : keys) {
    if (config.contains(key)) {
      throw sdk::ConfigError(std::string("\"") + key +
                             "\" does not apply to mode \"" + mode + "\"");
    }
  }
}

class TelegramConnector : public sdk::Connector {
 public:
  explicit TelegramConnector(const sdk::CreateArgs& args) : Connector(args) {
    nlohmann::json config =
        nlohmann::json::parse(args.config_json, nullptr, false);
    if (!config.is_object()) {
      throw sdk::ConfigError("the configuration is not a JSON object");
    }
    const std::string mode = config.value("mode", "");
    if (mode == "export") {
      RejectKeys(config, kBotKeys, mode);
      mode_ = std::make_unique<ExportConnector>(args, config);
    } else if (mode == "bot") {
      RejectKeys(config, kExportKeys, mode);
      mode_ = BotConnector::Create(args, std::move(config));
    } else {
      throw sdk::ConfigError("mode must be \"export\" or \"bot\"");
    }
  }

  ww_status NextBatch(const sdk::BatchRequest& request,
                      sdk::Batch& out) override {
    return mode_->NextBatch(request, out);
  }

 private:
  std::unique_ptr<sdk::Connector> mode_;
};

}  // namespace
}  // namespace wildwatch::telegram

WILDWATCH_CONNECTOR(wildwatch::telegram::TelegramConnector, "telegram", "1.0.0",
                    "Telegram Desktop JSON exports and Bot API updates",
                    WW_PLATFORM_CHAT, wildwatch::telegram::Schema())
