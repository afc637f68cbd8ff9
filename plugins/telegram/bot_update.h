// Turning one Telegram Bot API Update
// (https://core.telegram.org/bots/api#update) into a post.
//
// Four kinds of update carry a message: message, channel_post,
// edited_message and edited_channel_post. Of the message:
//   id         "<chat id>:<message_id>"; an edit gets
//              "<chat id>:<message_id>:edited:<edit_date>", so every version
//              is its own piece of evidence
//   url        "https://t.me/<chat username>/<message_id>" for public chats
//   author     from.username, else from's first and last name, else
//              sender_chat's username or title (anonymous admins, channels)
//   author_id  from.id, else sender_chat.id
//   created    date;  title  chat.title, else the private chat's name
//   text       text, else caption (of a photo, video, document, ...)
//   raw        the update exactly as received
// Attributes: update_type, chat_type, edit_date, forwarded_from, media (the
// first of photo, video, animation, document, audio, voice, video_note,
// sticker the message has), file_name, mime_type, and one link per
// text_link entity.
//
// Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_TELEGRAM_BOT_UPDATE_H_
#define WILDWATCH_PLUGINS_TELEGRAM_BOT_UPDATE_H_

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "host/core/status.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::telegram {

// The update's update_id. INVALID_ARGUMENT if update is not an object with
// an integer update_id.
StatusOr<int64_t> BotUpdateId(const nlohmann::json& update);

// The post update carries, or std::nullopt for an update of another kind
// (callback_query, poll, ...). raw is the update's text, kept as evidence.
// INVALID_ARGUMENT if the message is not an object with an integer
// message_id and a chat with an integer id.
StatusOr<std::optional<sdk::Post>> ConvertBotUpdate(
    const nlohmann::json& update, std::string_view raw);

// How long an error response's body asks to wait, from its
// {"parameters": {"retry_after": <seconds>}}; a negative duration when the
// body says nothing (or is not JSON).
std::chrono::milliseconds BotRetryAfter(std::string_view body);

}  // namespace wildwatch::telegram

#endif  // WILDWATCH_PLUGINS_TELEGRAM_BOT_UPDATE_H_
