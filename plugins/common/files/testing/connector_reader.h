// Drives a connector plugin the way the host does, for the tests and the
// throughput driver of the file connectors: load through the host's
// PluginLibrary, create a ConnectorInstance, call NextBatch until the source
// ends, keep every post and every checkpoint.
//
//   RecordingHost host;
//   auto read = ReadConnector(library, R"({"path": "chat.txt"})",
//                             std::nullopt, &host, /*batch_size=*/3);
//   // read.posts, read.checkpoints, host.Counter("malformed_items")
//
// RecordingHost is safe for concurrent use; ReadConnector is
// thread-compatible.

#ifndef WILDWATCH_PLUGINS_COMMON_FILES_TESTING_CONNECTOR_READER_H_
#define WILDWATCH_PLUGINS_COMMON_FILES_TESTING_CONNECTOR_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/core/post.h"
#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"

namespace wildwatch::plugins {

// Keeps what a connector logged and counted.
class RecordingHost : public ConnectorHost {
 public:
  void Log(ww_log_level level, std::string_view message) override;
  void AddCounter(std::string_view name, uint64_t delta) override;

  uint64_t Counter(const std::string& name) const;
  std::vector<std::string> logs() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> logs_;                          // Guarded by mu_.
  std::map<std::string, uint64_t, std::less<>> counters_;  // Guarded by mu_.
};

struct ConnectorRead {
  // Empty when creation failed; then error says why.
  bool created = false;
  std::vector<Post> posts;
  // (posts before it, checkpoint) for every batch that carried one, in order.
  std::vector<std::pair<size_t, std::string>> checkpoints;
  // The status that ended the read: END_OF_STREAM, or an error status.
  ww_status final_status = WW_STATUS_NO_DATA;
  std::string error;  // Create failure or the last error.
};

// Reads the source to its end, batch_size posts per NextBatch. A NO_DATA
// answer is retried; more than max_idle of them in a row end the read with
// NO_DATA as final status (a source that never ends). host may be null.
// REQUIRES: batch_size >= 1.
ConnectorRead ReadConnector(std::shared_ptr<const PluginLibrary> library,
                            const std::string& config_json,
                            const std::optional<std::string>& checkpoint,
                            ConnectorHost* host, uint32_t batch_size,
                            int max_idle = 3);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_FILES_TESTING_CONNECTOR_READER_H_
