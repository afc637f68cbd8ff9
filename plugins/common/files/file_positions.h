// The checkpoint of a file-reading connector: how far every file was read.
//
// One entry per file path: the file's identity (see file_set.h), the byte
// offset where the next unread item starts and how many items came before
// it. Encoded as compact JSON, the opaque checkpoint the host stores:
//
//   {"files":{"mail/inbox":{"dev":2049,"index":12,"ino":1311,
//                         "offset":40960}},"v":1}
//
// On a restart a file whose identity matches resumes at its offset; a file
// replaced under the same name (new identity) is read from the start; a file
// without an entry is new. Offsets always point at an item boundary, so
// resuming neither repeats nor skips an item. "v" is bumped on any change of
// the format. Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_COMMON_FILES_FILE_POSITIONS_H_
#define WILDWATCH_PLUGINS_COMMON_FILES_FILE_POSITIONS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "host/core/status.h"
#include "plugins/common/files/file_set.h"

namespace wildwatch::plugins {

// How far one file has been consumed.
struct FilePosition {
  FileIdentity identity;
  uint64_t offset = 0;  // Bytes consumed; always at an item boundary.
  uint64_t index = 0;   // Items consumed before offset.
  friend bool operator==(const FilePosition&, const FilePosition&) = default;
};

// Keyed by the path as ListFiles returned it.
using FilePositions = std::map<std::string, FilePosition>;

// Compact JSON as above. A path that is not valid UTF-8 is written with
// U+FFFD replacements; such a file is then read from the start after a
// restart, never from a wrong offset.
std::string EncodeFilePositions(const FilePositions& positions);

// Parses what EncodeFilePositions wrote; an empty checkpoint (first start)
// gives no positions. On failure returns INVALID_ARGUMENT saying what is
// wrong and nothing is half-decoded.
StatusOr<FilePositions> DecodeFilePositions(std::string_view checkpoint);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_FILES_FILE_POSITIONS_H_
