// BotConnector: mode "bot" of the Telegram connector, polling the Bot API's
// getUpdates (https://core.telegram.org/bots/api#getupdates).
//
// Telegram keeps a bot's updates until a getUpdates call with a higher
// offset confirms them. The offset (last handed-over update_id + 1) is
// therefore the whole checkpoint, and it advances only as the host receives
// the updates (PollingConnector's queued commits): after a restart the
// connector asks again from the committed offset, so updates the host never
// stored are fetched again instead of being confirmed and lost.
//
// Errors: an unknown token (HTTP 401/404) is a configuration error; 429 and
// 5xx are retried by the HTTP client, which waits as long as Retry-After or
// the body's parameters.retry_after asks; other failures are transient.
// Thread-compatible, like every Connector.

#ifndef WILDWATCH_PLUGINS_TELEGRAM_BOT_CONNECTOR_H_
#define WILDWATCH_PLUGINS_TELEGRAM_BOT_CONNECTOR_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "plugins/common/http/http_source.h"
#include "plugins/common/http/polling_connector.h"

namespace wildwatch::telegram {

class BotConnector : public plugins::PollingConnector {
 public:
  // Reads the bot keys from config (validated against the schema) and the
  // offset from args.checkpoint. Throws sdk::ConfigError on a bad value, an
  // unset token variable or a checkpoint this connector did not write.
  static std::unique_ptr<BotConnector> Create(const sdk::CreateArgs& args,
                                              nlohmann::json config);

 protected:
  void Poll(std::deque<plugins::QueuedItem>& queue) override;
  std::string Checkpoint() const override;

 private:
  BotConnector(const sdk::CreateArgs& args,
               std::unique_ptr<plugins::HttpSource> source,
               std::string updates_url, int64_t offset);

  const std::unique_ptr<plugins::HttpSource> source_;
  // getUpdates with every parameter but offset. Holds the token: only ever
  // logged through source_->secrets().Redact.
  const std::string updates_url_;
  int64_t offset_;  // The next update_id wanted; 0 before the first update.
};

}  // namespace wildwatch::telegram

#endif  // WILDWATCH_PLUGINS_TELEGRAM_BOT_CONNECTOR_H_
