// FileWatcher: tells a follow-mode reader when the files it reads may have
// changed, so it can sleep while nothing happens instead of polling.
//
// Watches directories through inotify(7): any file in a watched directory
// that is written, created or moved in wakes Wait(). A wake-up is only a
// hint to look again; events are coalesced and never name what changed.
// Changes inotify does not see (a file on a network filesystem written by
// another machine, a new directory a glob would match) must still be found
// by looking now and then; see the connector's max_poll_interval_ms.
//
// Not thread-safe: one thread drives a watcher. Not copyable.

#ifndef WILDWATCH_PLUGINS_JSONL_FILE_WATCHER_H_
#define WILDWATCH_PLUGINS_JSONL_FILE_WATCHER_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace wildwatch::jsonl {

class FileWatcher {
 public:
  // Opens an inotify instance; ok() is false if that fails (no inotify on
  // this system, or the per-user instance limit is reached).
  FileWatcher();
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  bool ok() const { return fd_ >= 0; }

  // Makes dirs the watched set: adds watches missing so far and drops those
  // no longer listed. A directory that cannot be watched (missing, or over
  // the watch limit) is skipped and retried on the next call.
  // REQUIRES: ok().
  void Watch(const std::vector<std::string>& dirs);

  // Blocks up to timeout (0: not at all) until something changed in a
  // watched directory since the last call. Returns true if it did, having
  // consumed every pending event.
  // REQUIRES: ok().
  bool Wait(std::chrono::milliseconds timeout);

 private:
  int fd_;
  std::map<std::string, int> watches_;  // Directory -> watch descriptor.
};

}  // namespace wildwatch::jsonl

#endif  // WILDWATCH_PLUGINS_JSONL_FILE_WATCHER_H_
