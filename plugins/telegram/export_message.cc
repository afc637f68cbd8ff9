#include "plugins/telegram/export_message.h"

#include <cctype>
#include <string>

#include "plugins/telegram/tdesktop_json.h"

namespace wildwatch::telegram {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// object[key] if it is a string, else "".
std::string StringValue(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// Attribute values as text: strings as they are, numbers in decimal; null,
// objects and arrays are not attributes.
bool ScalarText(const nlohmann::json& value, std::string* out) {
  if (value.is_string()) {
    *out = value.get<std::string>();
  } else if (value.is_number() || value.is_boolean()) {
    *out = value.dump();
  } else {
    return false;
  }
  return !out->empty();
}

void AddField(const nlohmann::json& message, const char* key,
              Attributes* attributes) {
  auto it = message.find(key);
  std::string text;
  if (it != message.end() && ScalarText(*it, &text)) {
    attributes->emplace_back(key, std::move(text));
  }
}

// The attribute an entity of this type becomes, or nullptr.
const char* EntityAttribute(const std::string& type) {
  if (type == "link" || type == "text_link") return "link";
  if (type == "mention" || type == "mention_name") return "mention";
  if (type == "hashtag") return "hashtag";
  if (type == "cashtag") return "cashtag";
  if (type == "phone") return "phone";
  if (type == "email") return "email";
  return nullptr;
}

// Appends the text of the parts (strings or {type, text} objects) to text
// and records entities as attributes.
void AddParts(const nlohmann::json& parts, std::string* text,
              Attributes* attributes) {
  for (const nlohmann::json& part : parts) {
    if (part.is_string()) {
      *text += part.get<std::string>();
      continue;
    }
    if (!part.is_object()) continue;
    std::string part_text = StringValue(part, "text");
    *text += part_text;
    const char* attribute = EntityAttribute(StringValue(part, "type"));
    if (attribute == nullptr) continue;
    std::string href = StringValue(part, "href");
    std::string value = href.empty() ? part_text : href;
    if (!value.empty()) attributes->emplace_back(attribute, std::move(value));
  }
}

int64_t UnixMillis(const nlohmann::json& message) {
  auto it = message.find("date_unixtime");
  if (it == message.end()) return WW_TIME_UNKNOWN;
  if (it->is_number_integer()) return it->get<int64_t>() * 1000;
  if (!it->is_string()) return WW_TIME_UNKNOWN;
  const std::string& digits = it->get_ref<const std::string&>();
  if (digits.empty() || digits.size() > 12) return WW_TIME_UNKNOWN;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return WW_TIME_UNKNOWN;
  }
  return std::stoll(digits) * 1000;
}

}  // namespace

StatusOr<ExportMessage> ConvertExportMessage(const ExportChat& chat,
                                             std::string_view username,
                                             std::string_view raw) {
  StatusOr<nlohmann::json> parsed = ParseTdesktopJson(raw);
  if (!parsed.ok()) return parsed.status();
  const nlohmann::json& message = *parsed;
  if (!message.is_object()) {
    return InvalidArgumentError("a message is not a JSON object");
  }
  auto id = message.find("id");
  if (id == message.end() || !id->is_number_integer()) {
    return InvalidArgumentError("a message has no integer id");
  }
  const std::string message_id = std::to_string(id->get<int64_t>());
  ExportMessage out;
  const std::string type = StringValue(message, "type");
  if (type == "service") {
    out.kind = MessageKind::kService;
    return out;
  }
  if (type == "unsupported") {
    out.kind = MessageKind::kUnsupported;
    return out;
  }

  sdk::Post& post = out.post;
  post.id = chat.id + ":" + message_id;
  if (!username.empty()) {
    post.url = "https://t.me/" + std::string(username) + "/" + message_id;
  }
  post.author = StringValue(message, "from");
  ScalarText(message.value("from_id", nlohmann::json()), &post.author_id);
  post.created_at_ms = UnixMillis(message);
  post.title = chat.name;
  post.raw = std::string(raw);

  Attributes& attributes = post.attributes;
  if (!chat.type.empty()) attributes.emplace_back("chat_type", chat.type);
  for (const char* key :
       {"edited", "edited_unixtime", "forwarded_from", "saved_from", "author",
        "via_bot", "reply_to_message_id", "photo", "file", "media_type",
        "mime_type"}) {
    AddField(message, key, &attributes);
  }
  auto location = message.find("location_information");
  if (location != message.end() && location->is_object()) {
    std::string latitude, longitude;
    if (ScalarText(location->value("latitude", nlohmann::json()), &latitude) &&
        ScalarText(location->value("longitude", nlohmann::json()),
                   &longitude)) {
      attributes.emplace_back("location", latitude + "," + longitude);
    }
  }
  // text_entities is the whole text split into runs; text repeats the same
  // runs with the plain ones as bare strings.
  auto entities = message.find("text_entities");
  auto text = message.find("text");
  if (entities != message.end() && entities->is_array()) {
    AddParts(*entities, &post.text, &attributes);
  } else if (text != message.end() && text->is_string()) {
    post.text = text->get<std::string>();
  } else if (text != message.end() && text->is_array()) {
    AddParts(*text, &post.text, &attributes);
  }
  return out;
}

}  // namespace wildwatch::telegram
