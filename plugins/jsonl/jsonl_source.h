// JsonlSource: the posts in a set of newline-delimited JSON files, read
// incrementally from remembered positions.
//
// The set is given by one path: a file, a directory (every *.jsonl, *.ndjson
// and *.json file directly in it) or a glob(3) pattern. Files are read in
// byte order of their paths; each keeps its own position (see
// jsonl_checkpoint.h), so a file that appears later in follow mode, even one
// that sorts first, is read without disturbing the others.
//
// Only complete lines are consumed: in follow mode a last line without its
// newline waits for it, and at the end of a file outside follow mode it is
// taken as it is. Blank lines are skipped silently. A line that is not a
// canonical post (see host/core/post_json.h) or is longer than
// max_line_bytes is logged as "<file>:<line>: <reason>", counted as
// "malformed_items" and skipped; an oversize line is never held in memory
// whole.
//
// Not thread-safe: one thread drives a source. Not copyable.

#ifndef WILDWATCH_PLUGINS_JSONL_JSONL_SOURCE_H_
#define WILDWATCH_PLUGINS_JSONL_JSONL_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/jsonl/jsonl_checkpoint.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::jsonl {

struct JsonlSourceOptions {
  // A file, a directory or a glob pattern; relative to the working
  // directory.
  std::string path;
  // Keep watching for appended lines and new files instead of ending.
  bool follow = false;
  // Longer lines are skipped as malformed. 4 MiB holds any real post with
  // room to spare while bounding what one bad line can cost in memory.
  uint64_t max_line_bytes = uint64_t{4} << 20;
};

class JsonlSource {
 public:
  // Lists the files path names now, sorted by byte order of their paths.
  // Empty when the path matches nothing (or is unreadable).
  static std::vector<std::string> ListFiles(const std::string& path);

  // Lists the files and resumes each from positions (typically decoded from
  // a checkpoint); files without a position are read from the start, and
  // positions of files not listed are dropped. host is used for logs and
  // counters only.
  JsonlSource(JsonlSourceOptions options, FilePositions positions,
              sdk::HostApi host);
  JsonlSource(const JsonlSource&) = delete;
  JsonlSource& operator=(const JsonlSource&) = delete;

  // Lists the files again, picking up new ones and forgetting vanished
  // ones. Used in follow mode; outside it the set is fixed at construction.
  void Rescan();

  // The directories in which a change may give new lines or new files, as
  // of the last listing: the folder of every file listed, the path itself
  // when it is a directory, and the folder of the path when that holds no
  // wildcard. Sorted, without duplicates. A new directory that a glob would
  // match is not among them.
  std::vector<std::string> WatchDirs() const;

  // Consumes lines, appending their posts to *out, until *out holds
  // max_posts posts or no complete line is left. Returns true if the
  // checkpoint moved: a line was consumed (even one that gave no post) or a
  // replaced file was started over.
  // Throws sdk::TransientError when a listed file cannot be read.
  bool Read(size_t max_posts, std::vector<sdk::Post>* out);

  // True outside follow mode once every file has been read to its end.
  bool exhausted() const {
    return !options_.follow && next_file_ == files_.size();
  }
  bool empty() const { return files_.empty(); }

  // The position after the last consumed line, for sdk::Batch::checkpoint.
  std::string Checkpoint() const;

 private:
  // A line being assembled from read chunks.
  struct PendingLine {
    std::string bytes;  // Empty once the line turned out oversize.
    uint64_t size = 0;  // Bytes seen so far, without the newline.
  };

  // Reads one file from its position. Returns true at the end of the file
  // (false when max_posts stopped it early); sets *moved when its position
  // changed.
  bool ReadFile(const std::string& path, size_t max_posts,
                std::vector<sdk::Post>* out, bool* moved);
  // Turns one complete line of size bytes into a post, or reports it.
  // bytes holds the line unless it is oversize.
  void ConsumeLine(const std::string& path, uint64_t line_number, uint64_t size,
                   std::string_view bytes, std::vector<sdk::Post>* out);
  void ReportMalformed(const std::string& path, uint64_t line_number,
                       std::string_view reason);

  const JsonlSourceOptions options_;
  const sdk::HostApi host_;
  std::vector<std::string> files_;  // Sorted.
  // Files before this index are finished (outside follow mode only).
  size_t next_file_ = 0;
  // Entries exist only for files opened at least once, so their identity is
  // known; a listed file without one starts at offset 0.
  FilePositions positions_;
  std::vector<char> chunk_;  // Read buffer, reused across files and calls.
};

}  // namespace wildwatch::jsonl

#endif  // WILDWATCH_PLUGINS_JSONL_JSONL_SOURCE_H_
