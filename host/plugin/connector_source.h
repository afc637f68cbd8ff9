// ConnectorSource: where the connector runtime gets its batches from.
//
// Two implementations: ConnectorInstance drives a plugin loaded in the host
// process (trusted plugins, `in_process: true`), WorkerConnector
// (host/worker) drives one in a supervised worker process. The runtime
// (host/connector) sees only this interface and a SourceFactory, so the
// supervision it does (restart, backoff, quarantine) is the same for both.
//
// Not thread-safe: one thread drives a source. Whatever a source returns has
// passed CheckBatch (batch_check.h), the one place the host validates what a
// plugin hands it, in or out of process.

#ifndef WILDWATCH_HOST_PLUGIN_CONNECTOR_SOURCE_H_
#define WILDWATCH_HOST_PLUGIN_CONNECTOR_SOURCE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/post.h"
#include "host/core/status.h"
#include "wildwatch/connector.h"

namespace wildwatch {

// What the host does with a connector's log lines and counters. Must outlive
// every source it is given to; called from the thread driving the source or
// any thread the connector starts.
class ConnectorHost {
 public:
  virtual ~ConnectorHost() = default;
  virtual void Log(ww_log_level level, std::string_view message) = 0;
  virtual void AddCounter(std::string_view name, uint64_t delta) = 0;
};

struct BatchResult {
  ww_status status = WW_STATUS_NO_DATA;
  std::vector<Post> posts;                // Non-empty only with WW_STATUS_OK.
  std::optional<std::string> checkpoint;  // Set when the batch carried one.
  std::string error;                      // last_error for error statuses.
  // The source is gone (its worker crashed, overran its deadline or its
  // memory limit, or was killed); error says how. status is then
  // WW_STATUS_FATAL_ERROR, nothing else is set, and the source must be
  // replaced by a new one opened at the last checkpoint read.
  bool lost = false;
};

class ConnectorSource {
 public:
  virtual ~ConnectorSource() = default;

  // Asks for up to max_posts posts, waiting up to timeout for data.
  // REQUIRES: max_posts >= 1; not called again after a result with lost.
  virtual BatchResult NextBatch(uint32_t max_posts,
                                std::chrono::milliseconds timeout) = 0;
};

// Opens a source at checkpoint (std::nullopt on a first start). host may be
// null. stop, never null, becomes true when the runtime stops; a source
// waiting on a worker then gives it a grace period and kills it, so a hung
// plugin never holds up shutdown. Both must outlive the source. On failure:
// INVALID_ARGUMENT (the plugin refused its configuration), UNAVAILABLE
// (transient, retry later), ABORTED (the worker was lost while opening,
// which counts as a crash) or INTERNAL.
using SourceFactory = std::function<StatusOr<std::unique_ptr<ConnectorSource>>(
    const std::optional<std::string>& checkpoint, ConnectorHost* host,
    const std::atomic<bool>* stop)>;

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_PLUGIN_CONNECTOR_SOURCE_H_
