#include "plugins/telegram/bot_update.h"

#include <string>

namespace wildwatch::telegram {
namespace {

std::string StringValue(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// object[key] as decimal text when it is an integer, else "".
std::string IntegerText(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer()
             ? std::to_string(it->get<int64_t>())
             : "";
}

const nlohmann::json& Member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kNull;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kNull;
}

// "First Last", "First", or "".
std::string FullName(const nlohmann::json& user) {
  if (!user.is_object()) return "";
  std::string name = StringValue(user, "first_name");
  std::string last = StringValue(user, "last_name");
  if (!last.empty()) name += name.empty() ? last : " " + last;
  return name;
}

// Who a forwarded message came from, in the Bot API's older fields or the
// forward_origin of API 7.0.
std::string ForwardedFrom(const nlohmann::json& message) {
  const nlohmann::json& user = Member(message, "forward_from");
  if (user.is_object()) {
    std::string username = StringValue(user, "username");
    return username.empty() ? FullName(user) : username;
  }
  const nlohmann::json& chat = Member(message, "forward_from_chat");
  if (chat.is_object()) return StringValue(chat, "title");
  std::string name = StringValue(message, "forward_sender_name");
  if (!name.empty()) return name;
  const nlohmann::json& origin = Member(message, "forward_origin");
  if (!origin.is_object()) return "";
  if (const nlohmann::json& u = Member(origin, "sender_user"); u.is_object()) {
    std::string username = StringValue(u, "username");
    return username.empty() ? FullName(u) : username;
  }
  if (const nlohmann::json& c = Member(origin, "chat"); c.is_object()) {
    return StringValue(c, "title");
  }
  return StringValue(origin, "sender_user_name");
}

constexpr const char* kMessageKinds[] = {
    "message", "channel_post", "edited_message", "edited_channel_post"};

constexpr const char* kMediaKinds[] = {"photo",      "video",  "animation",
                                       "document",   "audio",  "voice",
                                       "video_note", "sticker"};

}  // namespace

StatusOr<int64_t> BotUpdateId(const nlohmann::json& update) {
  if (!update.is_object()) {
    return InvalidArgumentError("an update is not a JSON object");
  }
  auto id = update.find("update_id");
  if (id == update.end() || !id->is_number_integer()) {
    return InvalidArgumentError("an update has no integer update_id");
  }
  return id->get<int64_t>();
}

StatusOr<std::optional<sdk::Post>> ConvertBotUpdate(
    const nlohmann::json& update, std::string_view raw) {
  const char* kind = nullptr;
  for (const char* k : kMessageKinds) {
    if (update.contains(k)) {
      kind = k;
      break;
    }
  }
  if (kind == nullptr) return std::optional<sdk::Post>();
  const nlohmann::json& message = update[kind];
  // find() on a non-object finds nothing, so none of these need a type
  // check first.
  const std::string message_id = IntegerText(message, "message_id");
  const nlohmann::json& chat = Member(message, "chat");
  const std::string chat_id = IntegerText(chat, "id");
  if (message_id.empty() || chat_id.empty()) {
    return InvalidArgumentError(std::string("the ") + kind +
                                " has no integer message_id or chat id");
  }

  sdk::Post post;
  post.id = chat_id + ":" + message_id;
  const std::string edit_date = IntegerText(message, "edit_date");
  const bool edited = std::string_view(kind).starts_with("edited_");
  if (edited) post.id += ":edited:" + edit_date;
  const std::string username = StringValue(chat, "username");
  if (!username.empty()) {
    post.url = "https://t.me/" + username + "/" + message_id;
  }
  const nlohmann::json& from = Member(message, "from");
  const nlohmann::json& sender_chat = Member(message, "sender_chat");
  if (from.is_object()) {
    post.author = StringValue(from, "username");
    if (post.author.empty()) post.author = FullName(from);
    post.author_id = IntegerText(from, "id");
  } else if (sender_chat.is_object()) {
    post.author = StringValue(sender_chat, "username");
    if (post.author.empty()) post.author = StringValue(sender_chat, "title");
    post.author_id = IntegerText(sender_chat, "id");
  }
  const std::string date = IntegerText(message, "date");
  if (!date.empty()) post.created_at_ms = std::stoll(date) * 1000;
  post.title = StringValue(chat, "title");
  if (post.title.empty()) post.title = FullName(chat);
  post.text = StringValue(message, "text");
  if (post.text.empty()) post.text = StringValue(message, "caption");
  post.raw = std::string(raw);

  auto& attributes = post.attributes;
  attributes.emplace_back("update_type", kind);
  std::string chat_type = StringValue(chat, "type");
  if (!chat_type.empty()) attributes.emplace_back("chat_type", chat_type);
  if (!edit_date.empty()) attributes.emplace_back("edit_date", edit_date);
  std::string forwarded = ForwardedFrom(message);
  if (!forwarded.empty()) attributes.emplace_back("forwarded_from", forwarded);
  for (const char* media : kMediaKinds) {
    if (message.contains(media)) {
      attributes.emplace_back("media", media);
      break;
    }
  }
  for (const char* key : {"document", "audio", "video", "animation"}) {
    const nlohmann::json& file = Member(message, key);
    if (!file.is_object()) continue;
    std::string file_name = StringValue(file, "file_name");
    std::string mime_type = StringValue(file, "mime_type");
    if (!file_name.empty()) attributes.emplace_back("file_name", file_name);
    if (!mime_type.empty()) attributes.emplace_back("mime_type", mime_type);
    break;
  }
  for (const char* key : {"entities", "caption_entities"}) {
    auto entities = message.find(key);
    if (entities == message.end() || !entities->is_array()) continue;
    for (const nlohmann::json& entity : *entities) {
      if (entity.is_object() && StringValue(entity, "type") == "text_link") {
        std::string url = StringValue(entity, "url");
        if (!url.empty()) attributes.emplace_back("link", url);
      }
    }
  }
  return std::optional<sdk::Post>(std::move(post));
}

std::chrono::milliseconds BotRetryAfter(std::string_view body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  const nlohmann::json& parameters = Member(parsed, "parameters");
  auto seconds = parameters.find("retry_after");
  if (seconds == parameters.end() || !seconds->is_number_integer()) {
    return std::chrono::milliseconds(-1);
  }
  return std::chrono::seconds(seconds->get<int64_t>());
}

}  // namespace wildwatch::telegram
