#include "plugins/common/http/checkpoint_json.h"

#include <utility>

#include "host/core/status.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins {

nlohmann::json ParseCheckpoint(std::string_view checkpoint,
                               std::string_view key,
                               nlohmann::json::value_t type) {
  nlohmann::json state = nlohmann::json::parse(checkpoint, nullptr, false);
  if (!state.is_object()) throw sdk::FatalError("unreadable checkpoint");
  auto member = state.find(key);
  if (member == state.end() || member->type() != type) {
    throw sdk::FatalError("unreadable checkpoint");
  }
  return state;
}

RecentIds RestoreRecentIds(const nlohmann::json& ids, size_t capacity) {
  StatusOr<RecentIds> restored = RecentIds::FromJson(ids, capacity);
  if (!restored.ok()) {
    throw sdk::FatalError("checkpoint: " + restored.status().message());
  }
  return std::move(*restored);
}

}  // namespace wildwatch::plugins
