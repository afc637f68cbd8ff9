// The JSONL connector's checkpoint: where reading stopped in every file.
//
// A checkpoint records, per file path, the file's identity (device and inode)
// and how far it was consumed (byte offset and line count), encoded as
// compact JSON:
//
//   {"v":1,"files":{"dump/a.jsonl":{"dev":2049,"ino":1311,"line":12,
//                                   "offset":4096}}}
//
// The identity lets a restart tell a file that merely grew (resume at the
// offset) from one that was replaced under the same name (read from the
// start); the line count keeps "<file>:<line>" messages right after a
// restart. The host stores the text opaquely, so the format only has to stay
// readable by later versions of this connector: "v" is bumped on any change.
// Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_JSONL_JSONL_CHECKPOINT_H_
#define WILDWATCH_PLUGINS_JSONL_JSONL_CHECKPOINT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "host/core/status.h"

namespace wildwatch::jsonl {

// How far one file has been consumed.
struct FilePosition {
  uint64_t dev = 0;
  uint64_t ino = 0;
  uint64_t offset = 0;  // Bytes consumed: always just after a line end.
  uint64_t line = 0;    // Lines consumed; the next line is line + 1.
  friend bool operator==(const FilePosition&, const FilePosition&) = default;
};

// Keyed by the path as the connector listed it.
using FilePositions = std::map<std::string, FilePosition>;

// Compact JSON as above. A path that is not valid UTF-8 is written with
// U+FFFD replacements, so that file reads from the start after a restart
// (never from a wrong offset).
std::string EncodeCheckpoint(const FilePositions& positions);

// Parses what EncodeCheckpoint wrote. On failure returns INVALID_ARGUMENT
// saying what is wrong; nothing is half-decoded.
StatusOr<FilePositions> DecodeCheckpoint(std::string_view checkpoint);

}  // namespace wildwatch::jsonl

#endif  // WILDWATCH_PLUGINS_JSONL_JSONL_CHECKPOINT_H_
