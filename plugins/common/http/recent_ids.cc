#include "plugins/common/http/recent_ids.h"

#include <cassert>

namespace wildwatch::plugins {

RecentIds::RecentIds(size_t capacity) : capacity_(capacity) {
  assert(capacity >= 1);
}

void RecentIds::Insert(const std::string& id) {
  if (!set_.insert(id).second) return;
  order_.push_back(id);
  if (order_.size() > capacity_) {
    set_.erase(order_.front());
    order_.pop_front();
  }
}

nlohmann::json RecentIds::ToJson() const { return nlohmann::json(order_); }

StatusOr<RecentIds> RecentIds::FromJson(const nlohmann::json& json,
                                        size_t capacity) {
  if (!json.is_array()) {
    return InvalidArgumentError("recent ids: expected an array");
  }
  RecentIds ids(capacity);
  for (const nlohmann::json& id : json) {
    if (!id.is_string()) {
      return InvalidArgumentError("recent ids: expected strings");
    }
    ids.Insert(id.get<std::string>());
  }
  return ids;
}

}  // namespace wildwatch::plugins
