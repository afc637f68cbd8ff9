#include "plugins/common/files/file_queue.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace wildwatch::plugins {

FileQueue::FileQueue(std::vector<std::string> files, FilePositions positions)
    : files_(std::move(files)), positions_(std::move(positions)) {}

const FileQueue::File* FileQueue::Current(std::vector<std::string>* skipped) {
  for (; next_ < files_.size(); ++next_) {
    if (current_) return &*current_;
    const std::string& path = files_[next_];
    auto info = IdentifyFile(path);
    if (!info.ok()) {
      skipped->push_back(info.status().message());
      continue;
    }
    FilePosition& pos = positions_[path];
    if (pos.identity != info->identity) {
      pos = FilePosition{info->identity, 0, 0};
    }
    if (pos.offset >= info->size) continue;
    current_ = File{path, info->size, &pos};
    return &*current_;
  }
  return nullptr;
}

void FileQueue::FinishCurrent() {
  assert(current_);
  // A file that grew while it was read keeps the larger offset: the bytes
  // past size were consumed too.
  FilePosition* pos = current_->position;
  pos->offset = std::max(pos->offset, current_->size);
  current_.reset();
  ++next_;
}

}  // namespace wildwatch::plugins
