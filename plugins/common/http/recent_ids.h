// RecentIds: a bounded set of the ids a connector has already handed over.
//
// Feeds and search APIs return the same items poll after poll; remembering
// what was emitted lets a connector pass on only new items, also across a
// restart (the set travels in the checkpoint). The bound keeps checkpoints
// small: once full, the oldest id is forgotten. It must exceed the number
// of items one poll can return, or an item that is still listed could be
// forgotten and emitted again.
// Thread-compatible: a value type, copyable and movable.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_RECENT_IDS_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_RECENT_IDS_H_

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_set>

#include "host/core/status.h"

namespace wildwatch::plugins {

class RecentIds {
 public:
  // REQUIRES: capacity >= 1.
  explicit RecentIds(size_t capacity);

  bool Contains(const std::string& id) const { return set_.count(id) != 0; }

  // Remembers id, forgetting the oldest id when over capacity. Inserting an
  // id already present changes nothing.
  void Insert(const std::string& id);

  size_t size() const { return order_.size(); }

  // A JSON array of the ids, oldest first.
  nlohmann::json ToJson() const;

  // Reads what ToJson wrote. A longer array than capacity keeps its newest
  // ids. INVALID_ARGUMENT if json is not an array of strings.
  static StatusOr<RecentIds> FromJson(const nlohmann::json& json,
                                      size_t capacity);

 private:
  size_t capacity_;
  std::deque<std::string> order_;  // Oldest first.
  std::unordered_set<std::string> set_;
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_RECENT_IDS_H_
