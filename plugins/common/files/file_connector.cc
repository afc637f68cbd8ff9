#include "plugins/common/files/file_connector.h"

#include <cassert>
#include <utility>

#include "plugins/common/files/file_set.h"

namespace wildwatch::plugins {
namespace {

FilePositions DecodeCheckpoint(std::string_view checkpoint) {
  auto positions = DecodeFilePositions(checkpoint);
  if (!positions.ok()) throw sdk::FatalError(positions.status().message());
  return std::move(*positions);
}

}  // namespace

FileConnector::FileConnector(
    const sdk::CreateArgs& args, const std::string& path,
    const std::vector<std::string_view>& directory_suffixes)
    : Connector(args),
      queue_(ListFiles(path, directory_suffixes),
             DecodeCheckpoint(args.checkpoint)) {
  // Nothing has been read yet: an exhausted queue listed no file.
  if (queue_.exhausted()) {
    throw sdk::ConfigError("path '" + path + "' names no file");
  }
}

ww_status FileConnector::NextBatch(const sdk::BatchRequest& request,
                                   sdk::Batch& out) {
  std::vector<std::string> skipped;
  while (out.posts.size() < request.max_posts) {
    const FileQueue::File* file = queue_.Current(&skipped);
    if (file == nullptr) break;
    if (ReadFile(*file, request.max_posts, &out.posts)) {
      queue_.FinishCurrent();
    } else {
      assert(out.posts.size() >= request.max_posts);
    }
  }
  for (const std::string& reason : skipped) {
    Log(WW_LOG_WARN, "skipping " + reason);
  }
  // Set even without posts: skipped items move the position too.
  out.checkpoint = queue_.Checkpoint();
  if (!out.posts.empty()) return WW_STATUS_OK;
  return queue_.exhausted() ? WW_STATUS_END_OF_STREAM : WW_STATUS_NO_DATA;
}

void FileConnector::ReportMalformed(const std::string& where,
                                    const std::string& reason) {
  Log(WW_LOG_WARN, where + ": " + reason + ", skipped");
  AddCounter("malformed_items");
}

}  // namespace wildwatch::plugins
