// ExportReader: reads the messages of one or more Telegram Desktop exports
// as posts, resumably.
//
// options.path names a result.json file, a directory (the *.json files
// directly in it, as an export folder has its result.json) or a glob pattern
// ("exports/*/result.json"); see plugins/common/files/file_set.h. Files
// are read one at a time, in path order, each whole into memory (up to
// max_file_bytes); chats in file order, messages in chat order.
//
// The checkpoint records, per file, its identity (device, inode and size)
// and the position of the next message (chat index, message index),
// or that the file is done. A restart skips done files without reading
// them and resumes a half-read one exactly where it stopped. A file whose
// identity changed since (re-exported in place) is read again from its
// start, with a warning: its old positions mean nothing in the new text.
//
// Bad input never stops the reader: a message that is not an object or has
// no id is logged and counted in "malformed_items"; a file that is not an
// export, or whose JSON is broken, in "malformed_files"; service messages
// are counted in "service_messages", unsupported ones in
// "unsupported_messages". All are skipped.
//
// Not thread-safe: one thread at a time, like the connector that owns it.

#ifndef WILDWATCH_PLUGINS_TELEGRAM_EXPORT_READER_H_
#define WILDWATCH_PLUGINS_TELEGRAM_EXPORT_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"
#include "plugins/telegram/export_file.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::telegram {

struct ExportOptions {
  // A file, a directory or a glob pattern; see the file comment.
  std::string path;
  // Chat id (decimal) -> public username, for permalinks. A chat of type
  // public_channel or public_supergroup whose export carries a link needs
  // no entry; an entry is trusted for any chat type.
  std::map<std::string, std::string> public_usernames;
  // A larger file is refused rather than read: the whole file is held in
  // memory while it is read (plus 16 bytes of index per message). 512 MiB
  // covers exports of a few million messages.
  uint64_t max_file_bytes = 512ull << 20;
};

class ExportReader {
 public:
  // Lists the files options.path names and restores checkpoint (empty on
  // a first start). On failure: NOT_FOUND if path names no file,
  // INVALID_ARGUMENT if checkpoint is not one this class wrote. host may
  // have a null table (unit tests): nothing is logged or counted then.
  static StatusOr<std::unique_ptr<ExportReader>> Open(
      ExportOptions options, std::string_view checkpoint, sdk::HostApi host);

  ExportReader(const ExportReader&) = delete;
  ExportReader& operator=(const ExportReader&) = delete;

  // Appends up to max_posts posts to *posts and sets *end to whether every
  // file has now been read. On failure (RESOURCE_EXHAUSTED for a file over
  // max_file_bytes, NOT_FOUND or PERMISSION_DENIED for one that cannot be
  // opened, UNAVAILABLE for an I/O error) the posts appended so far stay valid
  // and Checkpoint() covers them; a later call tries the failing file again.
  // REQUIRES: max_posts >= 1; posts and end not null.
  Status Read(uint32_t max_posts, std::vector<sdk::Post>* posts, bool* end);

  // The position just after the last post or skipped message Read passed,
  // as compact JSON.
  std::string Checkpoint() const;

  // The files path named, in reading order.
  const std::vector<std::string>& files() const { return files_; }

 private:
  struct FileState {
    std::string identity;  // "<dev>:<ino>:<size>" when the file was begun.
    size_t chat = 0;       // Index of the chat being read.
    size_t message = 0;    // Index of the next message in that chat.
    bool done = false;
  };

  ExportReader(ExportOptions options, std::vector<std::string> files,
               sdk::HostApi host);
  // Loads files_[file_index_] into current_, or moves past it when it is
  // done or broken.
  Status LoadCurrentFile();
  // The username for permalinks into chat, or "".
  std::string UsernameFor(const ExportChat& chat) const;

  const ExportOptions options_;
  const std::vector<std::string> files_;
  const sdk::HostApi host_;
  std::map<std::string, FileState> states_;  // By path; files begun only.
  size_t file_index_ = 0;
  std::unique_ptr<ExportFile> current_;  // files_[file_index_], once loaded.
};

}  // namespace wildwatch::telegram

#endif  // WILDWATCH_PLUGINS_TELEGRAM_EXPORT_READER_H_
