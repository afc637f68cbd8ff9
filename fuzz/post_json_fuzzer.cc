// Fuzzes the post JSON that JSONL files and workers hand the host, one post
// per line; a post that parses must survive a round trip.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "host/core/post_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    wildwatch::StatusOr<wildwatch::Post> post = wildwatch::PostFromJson(line);
    if (!post.ok()) continue;
    const std::string json = wildwatch::PostToJson(*post);
    wildwatch::StatusOr<wildwatch::Post> again = wildwatch::PostFromJson(json);
    if (!again.ok() || wildwatch::PostToJson(*again) != json) __builtin_trap();
  }
  return 0;
}
