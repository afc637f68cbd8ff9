// The "whatsapp" connector: messages of WhatsApp "Export chat" text files.
// Configuration keys and an example are in README.md; the format rules are
// in chat_export.h.

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "plugins/common/files/file_connector.h"
#include "plugins/common/files/file_set.h"
#include "plugins/whatsapp/chat_export.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::whatsapp {
namespace {

namespace sdk = ::wildwatch::sdk;

constexpr char kSchema[] = R"({
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1},
    "date_order": {"type": "string", "enum": ["auto", "dmy", "mdy", "ymd"],
                   "default": "auto"},
    "timezone_offset_minutes": {"type": "integer", "minimum": -720,
                                "maximum": 840, "default": 0},
    "chat_name": {"type": "string"}
  },
  "required": ["path"],
  "additionalProperties": false
})";

struct Config {
  std::string path;
  ChatParseOptions parse;
  std::string chat_name;  // Empty: each file's name.
};

// The host has validated config_json against kSchema; this guards against
// a host that did not, without letting a JSON exception escape as FATAL.
Config ParseConfig(std::string_view config_json) {
  nlohmann::json j = nlohmann::json::parse(config_json, nullptr, false);
  if (!j.is_object()) throw sdk::ConfigError("configuration is not an object");
  Config c;
  auto path = j.find("path");
  if (path == j.end() || !path->is_string() ||
      path->get<std::string>().empty()) {
    throw sdk::ConfigError("\"path\" must be a non-empty string");
  }
  c.path = path->get<std::string>();
  if (auto order = j.find("date_order"); order != j.end()) {
    std::string v = order->is_string() ? order->get<std::string>() : "";
    if (v == "auto") {
      c.parse.date_order = DateOrder::kAuto;
    } else if (v == "dmy") {
      c.parse.date_order = DateOrder::kDayMonthYear;
    } else if (v == "mdy") {
      c.parse.date_order = DateOrder::kMonthDayYear;
    } else if (v == "ymd") {
      c.parse.date_order = DateOrder::kYearMonthDay;
    } else {
      throw sdk::ConfigError("\"date_order\" must be auto, dmy, mdy or ymd");
    }
  }
  if (auto tz = j.find("timezone_offset_minutes"); tz != j.end()) {
    if (!tz->is_number_integer() || tz->get<int64_t>() < -720 ||
        tz->get<int64_t>() > 840) {
      throw sdk::ConfigError(
          "\"timezone_offset_minutes\" must be an integer in [-720, 840]");
    }
    c.parse.timezone_offset_minutes = tz->get<int>();
  }
  if (auto name = j.find("chat_name"); name != j.end()) {
    if (!name->is_string())
      throw sdk::ConfigError("\"chat_name\" must be a string");
    c.chat_name = name->get<std::string>();
  }
  return c;
}

std::string DefaultChatName(std::string_view path) {
  std::string_view name = plugins::BaseName(path);
  if (name.ends_with(".txt")) name.remove_suffix(4);
  return std::string(name);
}

class WhatsAppConnector : public plugins::FileConnector {
 public:
  explicit WhatsAppConnector(const sdk::CreateArgs& args)
      : WhatsAppConnector(args, ParseConfig(args.config_json)) {}

 protected:
  bool ReadFile(const plugins::FileQueue::File& file, size_t max_posts,
                std::vector<sdk::Post>* posts) override {
    if (!open_) Open(file);
    while (cursor_ < chat_.entries.size() && posts->size() < max_posts) {
      Consume(file, chat_.entries[cursor_++], posts);
    }
    if (cursor_ < chat_.entries.size()) return false;
    // Trailing blank lines belong to no entry; step over them too.
    file.position->offset = content_.size();
    open_ = false;
    content_.clear();
    chat_ = ParsedChat();
    return true;
  }

 private:
  // A directory holds the chat next to its photos: only *.txt is a chat
  // there.
  WhatsAppConnector(const sdk::CreateArgs& args, Config config)
      : FileConnector(args, config.path, {".txt"}),
        config_(std::move(config)) {}

  // Reads and parses the whole export: the order of day and month depends
  // on every date in it, so it cannot be streamed.
  void Open(const plugins::FileQueue::File& file) {
    std::ifstream in(file.path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in) throw sdk::TransientError("cannot read " + file.path);
    content_ = std::move(buffer).str();
    chat_ = ParseChatExport(content_, config_.parse);
    cursor_ = 0;
    while (cursor_ < chat_.entries.size() &&
           chat_.entries[cursor_].begin < file.position->offset) {
      ++cursor_;
    }
    title_ = config_.chat_name.empty() ? DefaultChatName(file.path)
                                       : config_.chat_name;
    open_ = true;
  }

  void Consume(const plugins::FileQueue::File& file, const ChatEntry& e,
               std::vector<sdk::Post>* posts) {
    plugins::FilePosition* pos = file.position;
    pos->offset = e.end;
    switch (e.kind) {
      case ChatEntry::Kind::kSystem:
        AddCounter("system_lines");
        return;
      case ChatEntry::Kind::kMalformed:
        ReportMalformed(file.path + ":" + std::to_string(e.line), e.error);
        return;
      case ChatEntry::Kind::kMessage:
        break;
    }
    ++pos->index;
    sdk::Post& p = posts->emplace_back();
    p.id = std::string(plugins::BaseName(file.path)) + ":" +
           std::to_string(pos->index);
    p.author = e.author;
    p.created_at_ms = e.time_ms;
    p.title = title_;
    p.text = e.text;
    p.raw = std::string(e.raw);
    if (!e.media.empty()) p.attributes.emplace_back("media", e.media);
  }

  const Config config_;
  // The export being read, while open_.
  bool open_ = false;
  std::string content_;
  ParsedChat chat_;    // Points into content_.
  size_t cursor_ = 0;  // Next entry of chat_ to consume.
  std::string title_;
};

}  // namespace
}  // namespace wildwatch::whatsapp

WILDWATCH_CONNECTOR(wildwatch::whatsapp::WhatsAppConnector, "whatsapp", "1.0.0",
                    "Messages of WhatsApp \"Export chat\" text files",
                    WW_PLATFORM_CHAT, wildwatch::whatsapp::kSchema)
