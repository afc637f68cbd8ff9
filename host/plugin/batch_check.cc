#include "host/plugin/batch_check.h"

#include <string>
#include <utility>

namespace wildwatch {

void CheckBatch(uint32_t max_posts, BatchResult* result) {
  auto protocol_error = [&](std::string why) {
    *result = BatchResult{};
    result->status = WW_STATUS_FATAL_ERROR;
    result->error = "protocol error: " + std::move(why);
  };
  switch (result->status) {
    case WW_STATUS_OK:
    case WW_STATUS_NO_DATA:
    case WW_STATUS_END_OF_STREAM:
      break;
    case WW_STATUS_CONFIG_ERROR:
    case WW_STATUS_TRANSIENT_ERROR:
    case WW_STATUS_FATAL_ERROR:
      if (!result->posts.empty()) {
        return protocol_error("posts returned with a status other than OK");
      }
      if (result->error.empty()) result->error = "error without a message";
      return;
    default:
      return protocol_error("unknown status " + std::to_string(result->status));
  }
  if (result->status == WW_STATUS_OK && result->posts.empty()) {
    return protocol_error("status OK with no posts (use NO_DATA)");
  }
  if (result->status != WW_STATUS_OK && !result->posts.empty()) {
    return protocol_error("posts returned with a status other than OK");
  }
  if (result->posts.size() > max_posts) {
    return protocol_error(std::to_string(result->posts.size()) +
                          " posts returned, at most " +
                          std::to_string(max_posts) + " were asked for");
  }
  for (size_t i = 0; i < result->posts.size(); ++i) {
    if (result->posts[i].id.empty()) {
      return protocol_error("post " + std::to_string(i) + " has no id");
    }
  }
}

}  // namespace wildwatch
