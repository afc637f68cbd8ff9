// Fuzzes the http-json item mapper on any JSON item, with a mapping that
// reads every field the mapper knows (the one its tests use), in plain-text
// and HTML mode.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "plugins/http-json/item_mapper.h"

namespace {

using wildwatch::plugins::http_json::ItemMapper;

ItemMapper MakeMapper(bool html) {
  wildwatch::StatusOr<ItemMapper> mapper =
      ItemMapper::Create({{"id", "/itemId"},
                          {"url", "/links/web"},
                          {"title", "/title"},
                          {"text", "/description"},
                          {"author", "/seller/name"},
                          {"author_id", "/seller/id"},
                          {"created_at", "/listedAt"},
                          {"price", "/price/value"},
                          {"currency", "/price/currency"},
                          {"location", "/location"}},
                         html);
  if (!mapper.ok()) std::abort();
  return std::move(*mapper);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ItemMapper* const kPlain = new ItemMapper(MakeMapper(false));
  static const ItemMapper* const kHtml = new ItemMapper(MakeMapper(true));
  std::string raw(reinterpret_cast<const char*>(data), size);
  nlohmann::json item = nlohmann::json::parse(raw, nullptr, false);
  if (item.is_discarded()) return 0;
  // Only crashes matter: an item without the fields is a Status.
  static_cast<void>(kPlain->Map(item, raw));
  static_cast<void>(kHtml->Map(item, raw));
  return 0;
}
