// ExportConnector: mode "export" of the Telegram connector, reading Telegram
// Desktop JSON exports through ExportReader. A thin shell: it reads its
// configuration keys (path, public_username, max_file_bytes) and turns the
// reader's statuses into the SDK's errors.
// Thread-compatible, like every Connector.

#ifndef WILDWATCH_PLUGINS_TELEGRAM_EXPORT_CONNECTOR_H_
#define WILDWATCH_PLUGINS_TELEGRAM_EXPORT_CONNECTOR_H_

#include <memory>
#include <nlohmann/json.hpp>

#include "plugins/telegram/export_reader.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::telegram {

class ExportConnector : public sdk::Connector {
 public:
  // config: the instance's configuration, validated against the schema.
  // Throws sdk::ConfigError when path names no file or the checkpoint is
  // not one this connector wrote.
  ExportConnector(const sdk::CreateArgs& args, const nlohmann::json& config);

  ww_status NextBatch(const sdk::BatchRequest& request,
                      sdk::Batch& out) override;

 private:
  std::unique_ptr<ExportReader> reader_;
};

}  // namespace wildwatch::telegram

#endif  // WILDWATCH_PLUGINS_TELEGRAM_EXPORT_CONNECTOR_H_
