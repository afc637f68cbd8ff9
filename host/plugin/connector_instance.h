// ConnectorInstance: one created connector instance, driven through the C ABI.
//
// Wraps create / next_batch / last_error / destroy of a PluginLibrary and
// copies every batch into owned Posts before the connector may reuse its
// memory. Enforces the host's side of the protocol: null buffers and short
// structs here, everything else in CheckBatch; a violation is reported as a
// protocol error (FATAL), never passed on. The in-process ConnectorSource,
// and what a worker process runs its plugin with.
//
// Not thread-safe: one thread drives an instance (the ABI allows no
// concurrent calls on one instance). Not copyable; movable is not needed.

#ifndef WILDWATCH_HOST_PLUGIN_CONNECTOR_INSTANCE_H_
#define WILDWATCH_HOST_PLUGIN_CONNECTOR_INSTANCE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"
#include "host/plugin/connector_source.h"
#include "host/plugin/plugin_library.h"
#include "wildwatch/connector.h"

namespace wildwatch {

class ConnectorInstance : public ConnectorSource {
 public:
  // Calls the plugin's create with config_json (a JSON object, expected to
  // be already validated against the plugin's schema) and the last committed
  // checkpoint (std::nullopt on a first start). host may be null (no logs,
  // no counters). On failure returns the plugin's create_error() message
  // with INVALID_ARGUMENT for WW_STATUS_CONFIG_ERROR, UNAVAILABLE for
  // WW_STATUS_TRANSIENT_ERROR and INTERNAL otherwise.
  static StatusOr<std::unique_ptr<ConnectorInstance>> Create(
      std::shared_ptr<const PluginLibrary> library,
      const std::string& config_json,
      const std::optional<std::string>& checkpoint, ConnectorHost* host);

  ~ConnectorInstance() override;  // Calls destroy.
  ConnectorInstance(const ConnectorInstance&) = delete;
  ConnectorInstance& operator=(const ConnectorInstance&) = delete;

  // Calls next_batch, copies the result and checks it (CheckBatch). A
  // protocol violation by the plugin is returned as WW_STATUS_FATAL_ERROR
  // with an explanation. Never sets lost.
  // REQUIRES: max_posts >= 1.
  BatchResult NextBatch(uint32_t max_posts,
                        std::chrono::milliseconds timeout) override;

  const PluginLibrary& library() const { return *library_; }

 private:
  ConnectorInstance(std::shared_ptr<const PluginLibrary> library,
                    ConnectorHost* host);

  std::shared_ptr<const PluginLibrary> library_;  // Keeps the code loaded.
  ww_host_api host_api_;  // Points at host_; must outlive instance_.
  ConnectorHost* host_;   // Not owned; may be null.
  ww_instance* instance_ = nullptr;
};

// The factory of in-process sources: ConnectorInstance::Create of library
// with config_json. Its sources ignore stop (a call into the plugin cannot
// be interrupted), which is why only trusted plugins run in process.
SourceFactory InProcessSourceFactory(
    std::shared_ptr<const PluginLibrary> library, std::string config_json);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_PLUGIN_CONNECTOR_INSTANCE_H_
