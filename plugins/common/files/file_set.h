// The files a connector's `path` setting names, and the identity that tells
// a file that grew from one replaced under the same name.
//
// A path is one of:
//   - a regular file: that file;
//   - a directory: the regular files directly in it (not recursive, hidden
//     files skipped), optionally only those with given name suffixes;
//   - a glob(3) pattern ("exports/*.txt"): the regular files it matches.
// Lists are sorted by the byte order of their paths, so files are read in
// the same order on every start. Thread-safe: pure functions.
//
//   ListFiles("mail", {})          -> {"mail/archive", "mail/inbox"}
//   ListFiles("chats", {".txt"})   -> {"chats/WhatsApp Chat with Ana.txt"}
//   ListFiles("chats/*with*.txt", {}) -> the same file

#ifndef WILDWATCH_PLUGINS_COMMON_FILES_FILE_SET_H_
#define WILDWATCH_PLUGINS_COMMON_FILES_FILE_SET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"

namespace wildwatch::plugins {

// Device and inode of a file: stays the same while a file is appended to,
// changes when a file is replaced (a new export saved over the old one).
struct FileIdentity {
  uint64_t dev = 0;
  uint64_t ino = 0;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// What IdentifyFile reports about a file.
struct FileInfo {
  FileIdentity identity;
  uint64_t size = 0;
};

// Lists the files path names now (see above). directory_suffixes filters
// directory listings only: when non-empty, a file in a directory is listed
// only if its name ends with one of them; a named file or a glob match is
// always listed. Empty when path matches nothing or cannot be read.
std::vector<std::string> ListFiles(
    const std::string& path,
    const std::vector<std::string_view>& directory_suffixes);

// On success the identity and size of the file at path (symbolic links
// followed). On failure NOT_FOUND when there is no such file, else
// UNAVAILABLE with the system's reason; both messages start with the path.
StatusOr<FileInfo> IdentifyFile(const std::string& path);

// The last component of path: "chats/Ana.txt" -> "Ana.txt".
std::string_view BaseName(std::string_view path);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_FILES_FILE_SET_H_
