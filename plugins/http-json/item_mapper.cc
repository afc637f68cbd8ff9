#include "plugins/http-json/item_mapper.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "plugins/common/http/date_time.h"
#include "plugins/common/text/html_to_text.h"

namespace wildwatch::plugins::http_json {
namespace {

constexpr std::array<std::string_view, 10> kFields = {
    "id",        "url",        "title", "text",     "author",
    "author_id", "created_at", "price", "currency", "location"};

// Unix seconds stay below this until the year 5138; larger numbers are
// taken as milliseconds.
constexpr double kMaxSeconds = 1e11;

}  // namespace

StatusOr<ItemMapper> ItemMapper::Create(const nlohmann::json& fields,
                                        bool text_is_html) {
  if (!fields.is_object()) {
    return InvalidArgumentError("fields: expected an object");
  }
  ItemMapper mapper;
  mapper.text_is_html_ = text_is_html;
  for (const auto& [name, pointer] : fields.items()) {
    if (std::find(kFields.begin(), kFields.end(), name) == kFields.end()) {
      return InvalidArgumentError("fields: unknown field '" + name + "'");
    }
    if (!pointer.is_string()) {
      return InvalidArgumentError("fields/" + name +
                                  ": expected a JSON Pointer");
    }
    try {
      mapper.pointers_.emplace(
          name, nlohmann::json::json_pointer(pointer.get<std::string>()));
    } catch (const nlohmann::json::exception& e) {
      return InvalidArgumentError("fields/" + name + ": " + e.what());
    }
  }
  if (mapper.pointers_.count("id") == 0) {
    return InvalidArgumentError("fields: id is required");
  }
  return mapper;
}

StatusOr<sdk::Post> ItemMapper::Map(const nlohmann::json& item,
                                    std::string raw) const {
  std::map<std::string, std::string> text;
  const nlohmann::json* created = nullptr;
  for (const auto& [name, pointer] : pointers_) {
    if (!item.is_object() && !item.is_array()) break;
    if (!item.contains(pointer)) continue;
    const nlohmann::json& value = item.at(pointer);
    if (value.is_null()) continue;
    if (value.is_structured()) {
      return InvalidArgumentError(name + " (" + pointer.to_string() +
                                  "): expected a scalar");
    }
    if (name == "created_at") created = &value;
    text[name] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  sdk::Post post;
  post.id = text["id"];
  if (post.id.empty()) return InvalidArgumentError("item has no id");
  post.url = text["url"];
  post.title = text["title"];
  post.author = text["author"];
  post.author_id = text["author_id"];
  std::string body = text_is_html_ ? HtmlToText(text["text"]) : text["text"];
  post.text = post.title.empty() ? body
              : body.empty()     ? post.title
                                 : post.title + "\n" + body;
  if (created != nullptr && created->is_number()) {
    double value = created->get<double>();
    post.created_at_ms =
        static_cast<int64_t>(value > kMaxSeconds ? value : value * 1000);
  } else if (created != nullptr) {
    StatusOr<int64_t> ms = ParseRfc3339(text["created_at"]);
    if (!ms.ok()) ms = ParseRfc822(text["created_at"]);
    if (!ms.ok())
      return InvalidArgumentError("created_at: " + ms.status().message());
    post.created_at_ms = *ms;
  }
  for (const char* attribute : {"price", "currency", "location"}) {
    if (!text[attribute].empty())
      post.attributes.emplace_back(attribute, text[attribute]);
  }
  post.raw = std::move(raw);
  return post;
}

}  // namespace wildwatch::plugins::http_json
