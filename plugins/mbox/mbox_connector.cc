// The "mbox" connector: mail messages of mbox archives (RFC 4155).
// Configuration keys and an example are in README.md; the splitting rules
// are in mbox_reader.h, the decoding in mail_message.h.

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plugins/common/files/file_connector.h"
#include "plugins/common/files/file_set.h"
#include "plugins/mbox/mail_message.h"
#include "plugins/mbox/mbox_reader.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::mbox {
namespace {

namespace sdk = ::wildwatch::sdk;

constexpr char kSchema[] = R"({
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1}
  },
  "required": ["path"],
  "additionalProperties": false
})";

// The host has validated config_json against kSchema; this guards against
// a host that did not, without letting a JSON exception escape as FATAL.
std::string ParsePath(std::string_view config_json) {
  nlohmann::json j = nlohmann::json::parse(config_json, nullptr, false);
  if (!j.is_object()) throw sdk::ConfigError("configuration is not an object");
  auto path = j.find("path");
  if (path == j.end() || !path->is_string() ||
      path->get<std::string>().empty()) {
    throw sdk::ConfigError("\"path\" must be a non-empty string");
  }
  return path->get<std::string>();
}

std::string JsonArray(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', false,
                                     nlohmann::json::error_handler_t::replace);
}

class MboxConnector : public plugins::FileConnector {
 public:
  explicit MboxConnector(const sdk::CreateArgs& args)
      : FileConnector(args, ParsePath(args.config_json), {}) {}

 protected:
  bool ReadFile(const plugins::FileQueue::File& file, size_t max_posts,
                std::vector<sdk::Post>* posts) override {
    if (reader_ == nullptr) Open(file);
    MboxEntry entry;
    while (posts->size() < max_posts) {
      if (!reader_->Next(&entry)) {
        if (in_.bad()) throw sdk::TransientError("cannot read " + file.path);
        reader_.reset();
        in_.close();
        return true;
      }
      file.position->offset = entry.end;
      Consume(file, entry, posts);
    }
    return false;
  }

 private:
  // Streams from the checkpoint's offset: an archive may be gigabytes.
  void Open(const plugins::FileQueue::File& file) {
    in_.clear();
    in_.open(file.path, std::ios::binary);
    in_.seekg(static_cast<std::streamoff>(file.position->offset));
    if (!in_) throw sdk::TransientError("cannot read " + file.path);
    reader_ = std::make_unique<MboxReader>(&in_, file.position->offset);
  }

  void Consume(const plugins::FileQueue::File& file, const MboxEntry& entry,
               std::vector<sdk::Post>* posts) {
    std::string where = file.path + ":" + std::to_string(entry.begin);
    if (entry.stray) {
      if (entry.message.find_first_not_of(" \t\r\n") != std::string::npos) {
        ReportMalformed(where, "text before the first \"From \" line");
      }
      return;
    }
    auto mail = ParseMailMessage(entry.message);
    if (!mail.ok()) {
      ReportMalformed(where, mail.status().message());
      return;
    }
    ++file.position->index;
    sdk::Post& p = posts->emplace_back();
    p.id = mail->message_id.empty()
               ? std::string(plugins::BaseName(file.path)) + ":" +
                     std::to_string(entry.begin)
               : mail->message_id;
    p.author = std::move(mail->author);
    p.author_id = std::move(mail->author_address);
    p.created_at_ms = mail->date_ms;
    p.title = mail->subject;
    p.text = mail->subject + "\n\n" + mail->body;
    p.raw = entry.message;
    if (!mail->to.empty()) p.attributes.emplace_back("to", mail->to);
    if (!mail->attachments.empty()) {
      p.attributes.emplace_back("attachments", JsonArray(mail->attachments));
    }
  }

  // The file being read; reader_ is null between files.
  std::ifstream in_;
  std::unique_ptr<MboxReader> reader_;
};

}  // namespace
}  // namespace wildwatch::mbox

WILDWATCH_CONNECTOR(wildwatch::mbox::MboxConnector, "mbox", "1.0.0",
                    "Mail messages of mbox archives", WW_PLATFORM_EMAIL,
                    wildwatch::mbox::kSchema)
