// Turning one message of a Telegram Desktop export into a post.
//
// What a message gives (field names are tdesktop's, see export_file.h):
//   id       "<chat id>:<message id>"
//   url      "https://t.me/<username>/<message id>" when a username is given
//   author   from;  author_id  from_id;  title  the chat's name
//   created  date_unixtime (a string of digits)
//   text     text_entities[].text joined; without text_entities, text (a
//            string, or an array of strings and {type, text} objects). A
//            photo's or file's caption is this text.
//   raw      the message object exactly as the file has it
// and attributes, each present only when the message has the field:
//   chat_type, edited, edited_unixtime, forwarded_from, saved_from, author
//   (a channel post's signature), via_bot, reply_to_message_id, photo, file,
//   media_type, mime_type, location ("<latitude>,<longitude>"), and one
//   link / mention / hashtag / cashtag / phone / email per text entity of
//   that kind (a text_link's link is its href).
//
// Thread-safe: a pure function.

#ifndef WILDWATCH_PLUGINS_TELEGRAM_EXPORT_MESSAGE_H_
#define WILDWATCH_PLUGINS_TELEGRAM_EXPORT_MESSAGE_H_

#include <string_view>

#include "host/core/status.h"
#include "plugins/telegram/export_file.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::telegram {

enum class MessageKind {
  kPost,         // An ordinary message; post is filled.
  kService,      // "type": "service" (joins, pins, ...); nothing to scan.
  kUnsupported,  // "type": "unsupported": tdesktop could not export it.
};

struct ExportMessage {
  MessageKind kind = MessageKind::kPost;
  sdk::Post post;  // Set only for kPost.
};

// Converts raw, one element of chat.messages. username: the chat's public
// username for permalinks, or empty for none. INVALID_ARGUMENT (the message
// is malformed) if raw is not a JSON object or its id is not an integer.
StatusOr<ExportMessage> ConvertExportMessage(const ExportChat& chat,
                                             std::string_view username,
                                             std::string_view raw);

}  // namespace wildwatch::telegram

#endif  // WILDWATCH_PLUGINS_TELEGRAM_EXPORT_MESSAGE_H_
