#include "plugins/jsonl/file_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace wildwatch::jsonl {

namespace {

// Appends and truncation (IN_MODIFY), writers finishing (IN_CLOSE_WRITE)
// and files appearing (IN_CREATE, IN_MOVED_TO): whatever may give a reader
// new lines or new files.
constexpr uint32_t kEvents =
    IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_ONLYDIR;

}  // namespace

FileWatcher::FileWatcher() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

FileWatcher::~FileWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

void FileWatcher::Watch(const std::vector<std::string>& dirs) {
  for (auto it = watches_.begin(); it != watches_.end();) {
    if (std::find(dirs.begin(), dirs.end(), it->first) == dirs.end()) {
      ::inotify_rm_watch(fd_, it->second);
      it = watches_.erase(it);
    } else {
      ++it;
    }
  }
  for (const std::string& dir : dirs) {
    if (watches_.contains(dir)) continue;
    const int wd = ::inotify_add_watch(fd_, dir.c_str(), kEvents);
    if (wd >= 0) watches_.emplace(dir, wd);
  }
}

bool FileWatcher::Wait(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&p, 1,
                   static_cast<int>(std::max<int64_t>(
                       0, std::min<int64_t>(timeout.count(), 1 << 30))));
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return false;
  // Events only say "look again", except that a watch the kernel dropped
  // (its directory was removed) must be forgotten, so that Watch() adds it
  // again if the directory comes back.
  alignas(inotify_event) char buffer[4096];
  for (ssize_t n; (n = ::read(fd_, buffer, sizeof(buffer))) > 0;) {
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      if (event->mask & IN_IGNORED) {
        std::erase_if(watches_,
                      [&](const auto& w) { return w.second == event->wd; });
      }
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
  return true;
}

}  // namespace wildwatch::jsonl
