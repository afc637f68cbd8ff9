#include "plugins/telegram/export_file.h"

#include <utility>

#include "plugins/telegram/tdesktop_json.h"

namespace wildwatch::telegram {
namespace {

// "https://t.me/name", "t.me/name" or "@name" -> "name"; "" for anything
// else (an invite link "t.me/+abc" names no public chat).
std::string UsernameFromLink(std::string_view link) {
  if (size_t at = link.find("t.me/"); at != std::string_view::npos) {
    link.remove_prefix(at + 5);
  } else if (link.starts_with("@")) {
    link.remove_prefix(1);
  } else {
    return "";
  }
  link = link.substr(0, link.find_first_of("/?#"));
  if (link.empty() || link.starts_with("+") || link == "joinchat") return "";
  return std::string(link);
}

std::string StringOrEmpty(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : "";
}

}  // namespace

StatusOr<std::unique_ptr<ExportFile>> ExportFile::Parse(std::string text) {
  std::unique_ptr<ExportFile> file(new ExportFile(std::move(text)));
  StatusOr<std::vector<JsonMember>> root = ScanObject(file->text_);
  if (!root.ok()) return root.status();
  bool found = false;
  for (const JsonMember& m : *root) {
    if (m.key == "messages") {
      found = true;
      if (Status s = file->AddChat(file->text_, "the root chat"); !s.ok()) {
        return s;
      }
    } else if (m.key == "chats" || m.key == "left_chats") {
      found = true;
      if (Status s = file->AddChatList(m.value, std::string(m.key)); !s.ok()) {
        return s;
      }
    }
  }
  if (!found) {
    return InvalidArgumentError(
        "not a Telegram Desktop export: no \"messages\" or \"chats\" at the "
        "root");
  }
  return file;
}

Status ExportFile::AddChatList(std::string_view section_text,
                               const std::string& where) {
  StatusOr<std::vector<JsonMember>> section = ScanObject(section_text);
  if (!section.ok()) {
    return InvalidArgumentError(where + ": " + section.status().message());
  }
  for (const JsonMember& m : *section) {
    if (m.key != "list") continue;
    StatusOr<std::vector<std::string_view>> list = ScanArray(m.value);
    if (!list.ok()) {
      return InvalidArgumentError(where + ".list: " + list.status().message());
    }
    for (size_t i = 0; i < list->size(); ++i) {
      Status s =
          AddChat((*list)[i], where + ".list[" + std::to_string(i) + "]");
      if (!s.ok()) problems_.push_back(s.message());
    }
  }
  return OkStatus();
}

Status ExportFile::AddChat(std::string_view chat_text,
                           const std::string& where) {
  StatusOr<std::vector<JsonMember>> members = ScanObject(chat_text);
  if (!members.ok()) {
    return InvalidArgumentError(where + ": " + members.status().message());
  }
  ExportChat chat;
  for (const JsonMember& m : *members) {
    if (m.key == "messages") {
      StatusOr<std::vector<std::string_view>> messages = ScanArray(m.value);
      if (!messages.ok()) {
        return InvalidArgumentError(
            where + ".messages: " + messages.status().message());
      }
      chat.messages = std::move(*messages);
      continue;
    }
    if (m.key != "id" && m.key != "name" && m.key != "type" &&
        m.key != "link" && m.key != "username") {
      continue;  // Only these few small values are worth decoding.
    }
    StatusOr<nlohmann::json> value = ParseTdesktopJson(m.value);
    if (!value.ok()) {
      return InvalidArgumentError(where + "." + std::string(m.key) + ": " +
                                  value.status().message());
    }
    if (m.key == "id") {
      if (value->is_number_integer()) {
        chat.id = std::to_string(value->get<int64_t>());
      } else if (value->is_string()) {
        chat.id = value->get<std::string>();
      }
    } else if (m.key == "name") {
      chat.name = StringOrEmpty(*value);
    } else if (m.key == "type") {
      chat.type = StringOrEmpty(*value);
    } else if (chat.username.empty()) {
      chat.username =
          UsernameFromLink(m.key == "username" ? "@" + StringOrEmpty(*value)
                                               : StringOrEmpty(*value));
    }
  }
  if (chat.id.empty()) {
    return InvalidArgumentError(where + ": the chat has no id");
  }
  chats_.push_back(std::move(chat));
  return OkStatus();
}

}  // namespace wildwatch::telegram
