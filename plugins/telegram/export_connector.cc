#include "plugins/telegram/export_connector.h"

#include <string>
#include <utility>

namespace wildwatch::telegram {

ExportConnector::ExportConnector(const sdk::CreateArgs& args,
                                 const nlohmann::json& config)
    : Connector(args) {
  ExportOptions options;
  options.path = config.value("path", "");
  if (options.path.empty()) {
    throw sdk::ConfigError("mode \"export\" needs \"path\"");
  }
  options.max_file_bytes =
      config.value("max_file_bytes", options.max_file_bytes);
  const nlohmann::json usernames =
      config.value("public_username", nlohmann::json::object());
  for (const auto& [chat_id, username] : usernames.items()) {
    std::string name = username.get<std::string>();
    // "@name" is how people write usernames; the link wants the bare name.
    if (name.starts_with("@")) name.erase(0, 1);
    options.public_usernames[chat_id] = name;
  }
  StatusOr<std::unique_ptr<ExportReader>> reader =
      ExportReader::Open(std::move(options), args.checkpoint, host());
  if (!reader.ok()) throw sdk::ConfigError(reader.status().message());
  reader_ = std::move(*reader);
}

ww_status ExportConnector::NextBatch(const sdk::BatchRequest& request,
                                     sdk::Batch& out) {
  bool end = false;
  Status status = reader_->Read(request.max_posts, &out.posts, &end);
  out.checkpoint = reader_->Checkpoint();
  // Posts read before a failure are handed over; the failing file is tried
  // again on the next call, which then reports the error.
  if (!out.posts.empty()) return WW_STATUS_OK;
  if (status.code() == StatusCode::kUnavailable) {
    throw sdk::TransientError(status.message());
  }
  // A file too large, vanished or unreadable: retrying cannot help until
  // the configuration (path, max_file_bytes) or the files change.
  if (!status.ok()) throw sdk::ConfigError(status.message());
  // Read returns fewer than max_posts only at the end of the last file.
  return end ? WW_STATUS_END_OF_STREAM : WW_STATUS_NO_DATA;
}

}  // namespace wildwatch::telegram
