// DaemonConfig: wildwatchd's YAML configuration.
//
// Example (examples/demo/wildwatchd.yaml is a complete one):
//
//   listen: 127.0.0.1:7700          # gRPC address; port 0 picks a free port
//   data_dir: data                  # matches.db lives here
//   plugin_dir: ../../build/plugins # where plugin names are looked up
//   rules: [../../rules]            # rule files or directories
//   store: {retention_max_matches: 0, retention_max_age_days: 0,
//           synchronous: normal}
//   pipeline: {batch_size: 256, queue_batches: 4, poll_timeout_ms: 500,
//              max_post_bytes: 4194304, match_threads: 0}
//   workers: {memory_limit_mb: 512, next_batch_deadline_ms: 60000,
//             stop_grace_ms: 5000, quarantine_after: 5,
//             restart_initial_backoff_ms: 200, restart_max_backoff_ms: 30000}
//   feed: {heartbeat_ms: 5000}
//   log: {level: info}
//   connectors:
//     - name: demo-market            # unique; keys the checkpoint
//       plugin: jsonl                # name in plugin_dir, or a path
//       platform: bazaar-market      # label of its posts
//       config: {path: posts/*.jsonl}  # checked against the plugin's schema
//       in_process: false            # true: run the plugin in the host
//       memory_limit_mb: 256         # overrides workers.memory_limit_mb
//       next_batch_deadline_ms: 5000 # overrides workers.next_batch_deadline_ms
//   tokens:
//     - {name: interpol, role: agency, token: "..."}
//     - {name: bazaar-coc, role: "platform:bazaar-market", token_env:
//     BAZAAR_TOKEN}
//
// Relative paths are taken from the directory of the configuration file,
// including the `path` key of a connector's config (the convention of every
// file-based connector).
// Every problem is reported as "file:line:column: message" and the daemon
// does not start. A plain value type.

#ifndef WILDWATCH_HOST_CONFIG_DAEMON_CONFIG_H_
#define WILDWATCH_HOST_CONFIG_DAEMON_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host/connector/connector_runner.h"
#include "host/worker/worker_connector.h"

namespace YAML {
class Node;
}

namespace wildwatch {

struct ConnectorConfig {
  std::string name;
  std::string plugin;  // As written: a name or a path.
  std::string platform;
  nlohmann::json config = nlohmann::json::object();
  // Where the instance's `config` mapping starts, for schema errors.
  int line = 0;
  int column = 0;
  // Run the plugin in the host instead of a worker process: only for
  // trusted plugins, since a crash or hang then takes the host with it.
  bool in_process = false;
  // Overrides of DaemonConfig::workers for this instance.
  std::optional<uint64_t> memory_limit_bytes;
  std::optional<std::chrono::milliseconds> next_batch_deadline;
};

struct TokenConfig {
  std::string name;
  std::string token;  // Resolved (from token or token_env).
  std::string role;   // "admin", "agency" or "platform:<name>".
};

struct DaemonConfig {
  std::string path;  // The file it was read from.
  std::string listen = "127.0.0.1:7700";
  std::string data_dir;            // Absolute.
  std::string plugin_dir;          // Absolute.
  std::vector<std::string> rules;  // Absolute paths.
  // If set, the bound gRPC port is written here once listening (for
  // scripts and tests that use port 0).
  std::string port_file;

  // store
  uint64_t retention_max_matches = 0;   // 0: unlimited.
  uint64_t retention_max_age_days = 0;  // 0: unlimited.
  std::string synchronous = "normal";   // "normal" or "full".

  RunnerOptions pipeline;  // Also holds the workers' restart settings.
  // Limits of every worker (plugin_path and config_json unset).
  WorkerOptions workers;
  std::chrono::milliseconds heartbeat{5000};
  std::string log_level = "info";

  std::vector<ConnectorConfig> connectors;
  std::vector<TokenConfig> tokens;
};

// Reads and validates the file at path. On failure returns INVALID_ARGUMENT
// whose message lists every problem, one "file:line:column: message" per
// line. default_plugin_dir is used when the file sets no plugin_dir.
StatusOr<DaemonConfig> LoadDaemonConfig(const std::string& path,
                                        const std::string& default_plugin_dir);

// Converts a YAML node to JSON: plain scalars become booleans, integers,
// numbers or null when they read as such, quoted ones stay strings.
nlohmann::json YamlToJson(const YAML::Node& node);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CONFIG_DAEMON_CONFIG_H_
