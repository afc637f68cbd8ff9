// DataDirLock: an exclusive flock(2) on a daemon's data_dir, held for the
// daemon's lifetime, so that a second wildwatchd on the same directory
// refuses to start instead of interleaving its writes with the first's.
//
// The lock is on data_dir/LOCK, which also holds the holder's pid for the
// error message. The kernel drops the lock when its holder exits, however it
// exits, so a crash never leaves a stale lock behind. Movable, not copyable;
// not thread-safe (one owner).

#ifndef WILDWATCH_HOST_DAEMON_DATA_DIR_LOCK_H_
#define WILDWATCH_HOST_DAEMON_DATA_DIR_LOCK_H_

#include <string>

#include "host/core/status.h"

namespace wildwatch {

class DataDirLock {
 public:
  // Takes the lock on dir (which must exist). Fails with FAILED_PRECONDITION
  // naming dir and the holder's pid when another process holds it, and with
  // UNAVAILABLE when the lock file cannot be opened.
  static StatusOr<DataDirLock> Acquire(const std::string& dir);

  DataDirLock(DataDirLock&& other) noexcept;
  DataDirLock& operator=(DataDirLock&& other) noexcept;
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;
  ~DataDirLock();  // Releases the lock.

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_DATA_DIR_LOCK_H_
