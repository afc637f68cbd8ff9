// Reading back the checkpoints that polling connectors write as JSON.
//
// A checkpoint is what the host committed after the last batch it received;
// a connector that cannot read its own checkpoint no longer knows what was
// handed over, and starting from scratch would emit everything again. So
// these functions throw sdk::FatalError, which stops the instance and
// reports the damage to the operator, rather than return a default:
//
//   void Restore(std::string_view checkpoint) {
//     if (checkpoint.empty()) return;  // First start.
//     nlohmann::json state = ParseCheckpoint(checkpoint, "position",
//                                            nlohmann::json::value_t::string);
//     position_ = state["position"].get<std::string>();
//     seen_ = RestoreRecentIds(state["seen"], remember_ids_);
//   }
//
// Stateless; safe to call from any thread.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_CHECKPOINT_JSON_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_CHECKPOINT_JSON_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "plugins/common/http/recent_ids.h"

namespace wildwatch::plugins {

// checkpoint parsed as a JSON object whose member key has the given type.
// Throws sdk::FatalError("unreadable checkpoint") when checkpoint is not
// JSON, not an object, or its key is missing or of another type.
nlohmann::json ParseCheckpoint(std::string_view checkpoint,
                               std::string_view key,
                               nlohmann::json::value_t type);

// The ids a checkpoint saved with RecentIds::ToJson, in a set of capacity
// (see RecentIds::FromJson). Throws sdk::FatalError("checkpoint: <why>")
// when ids is not such an array.
// REQUIRES: capacity >= 1.
RecentIds RestoreRecentIds(const nlohmann::json& ids, size_t capacity);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_CHECKPOINT_JSON_H_
