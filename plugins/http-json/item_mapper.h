// ItemMapper: turns one item of a JSON API response into a post, following
// a mapping of post fields to JSON Pointers into the item.
//
// Marketplace search APIs all return "a list of objects", each site with its
// own field names. The connector's `fields` configuration names where each
// post field lives:
//
//   fields: {id: "/itemId", title: "/title", text: "/description",
//            url: "/links/web", author: "/seller/name",
//            author_id: "/seller/id", created_at: "/listedAt",
//            price: "/price/value", currency: "/price/currency",
//            location: "/location/city"}
//
// Values are taken as text: strings as they are, numbers and booleans in
// their JSON form (so a numeric itemId 123 gives "123"). created_at accepts
// RFC 3339 or RFC 822 strings, and Unix time as a number (seconds, or
// milliseconds when it is too large to be seconds). price, currency and
// location become attributes of those names. A missing or null value leaves
// the field empty; only id is required.
// Immutable after Create: safe for concurrent use.

#ifndef WILDWATCH_PLUGINS_HTTP_JSON_ITEM_MAPPER_H_
#define WILDWATCH_PLUGINS_HTTP_JSON_ITEM_MAPPER_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "host/core/status.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins::http_json {

class ItemMapper {
 public:
  // fields: the mapping above (an object of field name -> JSON Pointer).
  // text_is_html: convert the text field from HTML to text. On failure
  // INVALID_ARGUMENT naming an unknown field, a bad pointer, or a missing id.
  static StatusOr<ItemMapper> Create(const nlohmann::json& fields,
                                     bool text_is_html);

  // The post for item, with raw as its evidence. INVALID_ARGUMENT when item
  // has no id, or a value is an object/array or an unreadable time.
  StatusOr<sdk::Post> Map(const nlohmann::json& item, std::string raw) const;

 private:
  ItemMapper() = default;
  std::map<std::string, nlohmann::json::json_pointer> pointers_;
  bool text_is_html_ = false;
};

}  // namespace wildwatch::plugins::http_json

#endif  // WILDWATCH_PLUGINS_HTTP_JSON_ITEM_MAPPER_H_
