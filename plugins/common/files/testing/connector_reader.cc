#include "plugins/common/files/testing/connector_reader.h"

#include <cassert>
#include <chrono>

namespace wildwatch::plugins {

void RecordingHost::Log(ww_log_level level, std::string_view message) {
  std::lock_guard lock(mu_);
  logs_.push_back(std::to_string(level) + " " + std::string(message));
}

void RecordingHost::AddCounter(std::string_view name, uint64_t delta) {
  std::lock_guard lock(mu_);
  auto it = counters_.find(name);
  if (it == counters_.end()) it = counters_.emplace(std::string(name), 0).first;
  it->second += delta;
}

uint64_t RecordingHost::Counter(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = counters_.find(name);
  return it == counters_.end() ? 0 : it->second;
}

std::vector<std::string> RecordingHost::logs() const {
  std::lock_guard lock(mu_);
  return logs_;
}

ConnectorRead ReadConnector(std::shared_ptr<const PluginLibrary> library,
                            const std::string& config_json,
                            const std::optional<std::string>& checkpoint,
                            ConnectorHost* host, uint32_t batch_size,
                            int max_idle) {
  assert(batch_size >= 1);
  ConnectorRead read;
  auto instance = ConnectorInstance::Create(std::move(library), config_json,
                                            checkpoint, host);
  if (!instance.ok()) {
    read.error = instance.status().ToString();
    return read;
  }
  read.created = true;
  for (int idle = 0; idle <= max_idle;) {
    BatchResult b =
        (*instance)->NextBatch(batch_size, std::chrono::milliseconds(10));
    for (Post& p : b.posts) read.posts.push_back(std::move(p));
    if (b.checkpoint) {
      read.checkpoints.emplace_back(read.posts.size(), *b.checkpoint);
    }
    read.final_status = b.status;
    if (b.status == WW_STATUS_OK) {
      idle = 0;
    } else if (b.status == WW_STATUS_NO_DATA) {
      ++idle;
    } else {
      read.error = b.error;
      break;
    }
  }
  return read;
}

}  // namespace wildwatch::plugins
