// FileQueue: the files of a file-reading connector, taken one after another,
// each resumed from its position in the checkpoint.
//
// A connector lists its files once (ListFiles), decodes its checkpoint
// (DecodeFilePositions) and then loops:
//
//   FileQueue queue(ListFiles(path, {}), std::move(positions));
//   while (const FileQueue::File* file = queue.Current(&warnings)) {
//     read file->path from file->position->offset, advancing
//     file->position->offset and ->index past every item consumed;
//     at the end of the file: queue.FinishCurrent();
//   }
//   batch.checkpoint = queue.Checkpoint();
//
// Current() skips files already read to their end and restarts a file from
// offset 0 when its identity changed (a new export saved under the old
// name). Not thread-safe; not copyable (File points into the queue).

#ifndef WILDWATCH_PLUGINS_COMMON_FILES_FILE_QUEUE_H_
#define WILDWATCH_PLUGINS_COMMON_FILES_FILE_QUEUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugins/common/files/file_positions.h"

namespace wildwatch::plugins {

class FileQueue {
 public:
  struct File {
    std::string path;
    uint64_t size = 0;  // When it became current.
    // Where reading resumes; the caller advances it. Points into the queue,
    // valid until the queue is destroyed.
    FilePosition* position = nullptr;
  };

  // files in reading order; positions from the checkpoint (entries of files
  // not listed are carried along unchanged).
  FileQueue(std::vector<std::string> files, FilePositions positions);
  FileQueue(const FileQueue&) = delete;
  FileQueue& operator=(const FileQueue&) = delete;

  // The file being read, moving on to the next file with unread bytes when
  // needed; null when every file has been read to its end. A file that
  // cannot be examined (deleted since it was listed) is passed over, with a
  // line saying why appended to *skipped (never null). The returned pointer
  // is valid until the next FinishCurrent.
  const File* Current(std::vector<std::string>* skipped);

  // The current file has been read to its end; its offset becomes at least
  // its size as Current saw it. REQUIRES: Current() returned a file since the
  // last FinishCurrent.
  void FinishCurrent();

  // True once Current has returned null.
  bool exhausted() const { return next_ == files_.size(); }

  // The positions of all files, encoded for sdk::Batch::checkpoint.
  std::string Checkpoint() const { return EncodeFilePositions(positions_); }

 private:
  const std::vector<std::string> files_;
  FilePositions positions_;
  size_t next_ = 0;              // Files before it are read to their end.
  std::optional<File> current_;  // files_[next_], once examined.
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_FILES_FILE_QUEUE_H_
