// Fuzzes the RSS 2.0 / Atom 1.0 parser (libxml2 underneath, entities and
// network access off).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugins/feed/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Only crashes matter: a malformed feed is a Status.
  static_cast<void>(wildwatch::plugins::feed::ParseFeed(
      std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
