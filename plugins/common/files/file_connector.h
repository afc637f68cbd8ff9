// FileConnector: the part every connector that reads files shares.
//
// A file connector parses its configuration, then hands the base its `path`
// (see file_set.h); the base lists the files, resumes from the checkpoint
// (file_positions.h), walks the files in order (file_queue.h) and, in
// NextBatch, asks the subclass for the items of the current file, sets the
// checkpoint after every batch and reports the end of the stream once every
// file has been read to its end:
//
//   class ChatConnector : public FileConnector {
//    public:
//     ChatConnector(const sdk::CreateArgs& args)
//         : FileConnector(args, PathFrom(args.config_json), {".txt"}) {}
//    protected:
//     bool ReadFile(const FileQueue::File& file, size_t max_posts,
//                   std::vector<sdk::Post>* posts) override;
//   };
//
// Thread-compatible, like every sdk::Connector: the host drives one
// instance from one thread at a time.

#ifndef WILDWATCH_PLUGINS_COMMON_FILES_FILE_CONNECTOR_H_
#define WILDWATCH_PLUGINS_COMMON_FILES_FILE_CONNECTOR_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/files/file_queue.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins {

class FileConnector : public sdk::Connector {
 public:
  // Lists the files path names now (directory listings filtered by
  // directory_suffixes, see ListFiles) and resumes from args.checkpoint.
  // Throws sdk::ConfigError when path names no file and sdk::FatalError
  // when the checkpoint is damaged.
  FileConnector(const sdk::CreateArgs& args, const std::string& path,
                const std::vector<std::string_view>& directory_suffixes);

  // Fills out from the files in order; see the ABI's next_batch. Files that
  // vanished since they were listed are logged and passed over.
  ww_status NextBatch(const sdk::BatchRequest& request, sdk::Batch& out) final;

 protected:
  // Appends the posts of file's items, starting at file.position->offset
  // and advancing file.position (offset and index) past every item it
  // consumes, until *posts holds max_posts posts or the file ends. Returns
  // true at the end of the file (the subclass drops what it kept open; the
  // next call is for the next file), false when *posts is full (the next
  // call continues the same file). May throw sdk errors.
  virtual bool ReadFile(const FileQueue::File& file, size_t max_posts,
                        std::vector<sdk::Post>* posts) = 0;

  // Logs "<where>: <reason>, skipped" and counts it under
  // "malformed_items".
  void ReportMalformed(const std::string& where, const std::string& reason);

 private:
  FileQueue queue_;
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_FILES_FILE_CONNECTOR_H_
