#include "plugins/telegram/export_reader.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "plugins/common/files/file_set.h"
#include "plugins/telegram/export_message.h"

namespace wildwatch::telegram {
namespace {

// Device, inode and size: what changes when an export is saved again over
// the old file.
StatusOr<std::string> Identity(const std::string& path, uint64_t* size) {
  StatusOr<plugins::FileInfo> info = plugins::IdentifyFile(path);
  if (!info.ok()) return info.status();
  *size = info->size;
  return std::to_string(info->identity.dev) + ":" +
         std::to_string(info->identity.ino) + ":" + std::to_string(info->size);
}

}  // namespace

ExportReader::ExportReader(ExportOptions options,
                           std::vector<std::string> files, sdk::HostApi host)
    : options_(std::move(options)), files_(std::move(files)), host_(host) {}

StatusOr<std::unique_ptr<ExportReader>> ExportReader::Open(
    ExportOptions options, std::string_view checkpoint, sdk::HostApi host) {
  std::vector<std::string> files = plugins::ListFiles(options.path, {".json"});
  if (files.empty()) {
    return NotFoundError("path '" + options.path + "' names no export file");
  }
  std::unique_ptr<ExportReader> reader(
      new ExportReader(std::move(options), std::move(files), host));
  if (checkpoint.empty()) return reader;

  const Status bad =
      InvalidArgumentError("the checkpoint is not a Telegram export position");
  nlohmann::json saved = nlohmann::json::parse(checkpoint, nullptr, false);
  if (!saved.is_object() || !saved.contains("files") ||
      !saved["files"].is_object()) {
    return bad;
  }
  for (const std::string& path : reader->files_) {
    auto it = saved["files"].find(path);
    if (it == saved["files"].end()) continue;
    const nlohmann::json& s = *it;
    if (!s.is_object() || !s.value("id", nlohmann::json()).is_string() ||
        !s.value("chat", nlohmann::json()).is_number_unsigned() ||
        !s.value("message", nlohmann::json()).is_number_unsigned() ||
        !s.value("done", nlohmann::json(false)).is_boolean()) {
      return bad;
    }
    FileState& state = reader->states_[path];
    state.identity = s["id"].get<std::string>();
    state.chat = s["chat"].get<size_t>();
    state.message = s["message"].get<size_t>();
    state.done = s.value("done", nlohmann::json(false)).get<bool>();
  }
  return reader;
}

std::string ExportReader::Checkpoint() const {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [path, state] : states_) {
    nlohmann::json s = {{"id", state.identity},
                        {"chat", state.chat},
                        {"message", state.message}};
    if (state.done) s["done"] = true;
    files[path] = std::move(s);
  }
  return nlohmann::json({{"files", std::move(files)}}).dump();
}

Status ExportReader::LoadCurrentFile() {
  const std::string& path = files_[file_index_];
  uint64_t size = 0;
  StatusOr<std::string> identity = Identity(path, &size);
  if (!identity.ok()) return identity.status();
  FileState& state = states_[path];
  if (!state.identity.empty() && state.identity != *identity) {
    host_.Log(WW_LOG_WARN, path +
                               ": the export changed since the checkpoint; "
                               "reading it again from the start");
    state = FileState{};
  }
  state.identity = *identity;
  if (state.done) {
    ++file_index_;
    return OkStatus();
  }
  if (size > options_.max_file_bytes) {
    return ResourceExhaustedError(
        path + ": " + std::to_string(size) + " bytes is over max_file_bytes (" +
        std::to_string(options_.max_file_bytes) + "); raise max_file_bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kPermissionDenied, path + ": cannot open");
  }
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<size_t>(in.gcount()));

  StatusOr<std::unique_ptr<ExportFile>> file =
      ExportFile::Parse(std::move(text));
  if (!file.ok()) {
    host_.Log(WW_LOG_WARN,
              path + ": skipping a broken export: " + file.status().message());
    host_.AddCounter("malformed_files", 1);
    state.done = true;
    ++file_index_;
    return OkStatus();
  }
  for (const std::string& problem : (*file)->problems()) {
    host_.Log(WW_LOG_WARN, path + ": skipping a malformed chat: " + problem);
  }
  if (!(*file)->problems().empty()) {
    host_.AddCounter("malformed_items", (*file)->problems().size());
  }
  current_ = std::move(*file);
  return OkStatus();
}

std::string ExportReader::UsernameFor(const ExportChat& chat) const {
  auto it = options_.public_usernames.find(chat.id);
  if (it != options_.public_usernames.end()) return it->second;
  if (chat.type == "public_channel" || chat.type == "public_supergroup") {
    return chat.username;
  }
  return "";
}

Status ExportReader::Read(uint32_t max_posts, std::vector<sdk::Post>* posts,
                          bool* end) {
  *end = false;
  uint64_t service = 0;
  uint64_t unsupported = 0;
  uint64_t malformed = 0;
  Status status;
  const size_t wanted = posts->size() + max_posts;
  while (posts->size() < wanted) {
    if (current_ == nullptr) {
      if (file_index_ == files_.size()) {
        *end = true;
        break;
      }
      status = LoadCurrentFile();
      if (!status.ok()) break;
      continue;
    }
    FileState& state = states_[files_[file_index_]];
    const std::vector<ExportChat>& chats = current_->chats();
    if (state.chat >= chats.size()) {
      state.done = true;
      current_.reset();
      ++file_index_;
      continue;
    }
    const ExportChat& chat = chats[state.chat];
    if (state.message >= chat.messages.size()) {
      ++state.chat;
      state.message = 0;
      continue;
    }
    const size_t index = state.message++;
    StatusOr<ExportMessage> message =
        ConvertExportMessage(chat, UsernameFor(chat), chat.messages[index]);
    if (!message.ok()) {
      ++malformed;
      host_.Log(WW_LOG_WARN, files_[file_index_] + ": chat " + chat.id +
                                 ", message #" + std::to_string(index) +
                                 ": skipping a malformed message: " +
                                 message.status().message());
    } else if (message->kind == MessageKind::kService) {
      ++service;
    } else if (message->kind == MessageKind::kUnsupported) {
      ++unsupported;
    } else {
      posts->push_back(std::move(message->post));
    }
  }
  // Counted once per call rather than per message: a chat of thousands of
  // joins would otherwise cost thousands of host calls.
  if (service > 0) host_.AddCounter("service_messages", service);
  if (unsupported > 0) host_.AddCounter("unsupported_messages", unsupported);
  if (malformed > 0) host_.AddCounter("malformed_items", malformed);
  return status;
}

}  // namespace wildwatch::telegram
