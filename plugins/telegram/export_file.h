// ExportFile: the chats of one Telegram Desktop export (result.json), with
// each message kept as the exact bytes of its JSON object.
//
// Both layouts tdesktop writes are understood:
//   single chat:   {"name", "type", "id", "messages": [...]}
//   whole account: {..., "chats": {"list": [chat, ...]},
//                        "left_chats": {"list": [chat, ...]}}
// Messages are not decoded here (see ConvertExportMessage); a chat is decoded
// only as far as its id, name, type and public link. A chat without a usable
// id is left out and reported in problems(), so one damaged chat does not
// cost the rest of the file.
//
// Immutable after Parse: safe for concurrent use. Not copyable or movable:
// the message views point into the file's text, which it owns.

#ifndef WILDWATCH_PLUGINS_TELEGRAM_EXPORT_FILE_H_
#define WILDWATCH_PLUGINS_TELEGRAM_EXPORT_FILE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"

namespace wildwatch::telegram {

struct ExportChat {
  std::string id;    // Decimal chat id, never empty.
  std::string name;  // May be empty (saved messages, deleted chats).
  std::string type;  // tdesktop's chat type, e.g. "public_channel".
  // The public username from the chat's "link" (t.me URL) or "username", if
  // the export has one; empty otherwise.
  std::string username;
  // The raw JSON text of every message, in file order.
  std::vector<std::string_view> messages;
};

class ExportFile {
 public:
  // Takes the file's text. INVALID_ARGUMENT if it is not a JSON object whose
  // brackets nest, or holds neither "messages" nor "chats".
  static StatusOr<std::unique_ptr<ExportFile>> Parse(std::string text);

  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;

  // In file order: chats.list, then left_chats.list.
  const std::vector<ExportChat>& chats() const { return chats_; }
  // One line per chat that was left out, naming where and why.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  explicit ExportFile(std::string text) : text_(std::move(text)) {}
  Status AddChat(std::string_view chat_text, const std::string& where);
  Status AddChatList(std::string_view section_text, const std::string& where);

  const std::string text_;  // Every view below points into it.
  std::vector<ExportChat> chats_;
  std::vector<std::string> problems_;
};

}  // namespace wildwatch::telegram

#endif  // WILDWATCH_PLUGINS_TELEGRAM_EXPORT_FILE_H_
