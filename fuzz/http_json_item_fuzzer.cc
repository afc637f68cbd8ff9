// Fuzzes the http-json connector's item mapping: the input's first line is
// the `fields` mapping of the connector's configuration, the rest one item
// of a response. Each mapping that Create accepts maps the item, in
// plain-text and in HTML mode.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "plugins/http-json/item_mapper.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t end = input.find('\n');
  if (end == std::string_view::npos) return 0;
  const std::string_view raw = input.substr(end + 1);
  nlohmann::json fields =
      nlohmann::json::parse(input.substr(0, end), nullptr, false);
  nlohmann::json item = nlohmann::json::parse(raw, nullptr, false);
  if (fields.is_discarded() || item.is_discarded()) return 0;
  for (bool html : {false, true}) {
    wildwatch::StatusOr<wildwatch::plugins::http_json::ItemMapper> mapper =
        wildwatch::plugins::http_json::ItemMapper::Create(fields, html);
    // Only crashes matter: a bad mapping or item is a Status.
    if (mapper.ok()) static_cast<void>(mapper->Map(item, std::string(raw)));
  }
  return 0;
}
