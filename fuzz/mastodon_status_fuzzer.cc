// Fuzzes the Mastodon status parser on any JSON a server could send.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "plugins/mastodon/status_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string raw(reinterpret_cast<const char*>(data), size);
  nlohmann::json status = nlohmann::json::parse(raw, nullptr, false);
  if (status.is_discarded()) return 0;
  // Only crashes matter: a status without the fields is a Status.
  static_cast<void>(wildwatch::plugins::mastodon::ParseStatus(status, raw));
  return 0;
}
