#include "host/daemon/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace wildwatch {

StatusOr<DataDirLock> DataDirLock::Acquire(const std::string& dir) {
  const std::string path = dir + "/LOCK";
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return UnavailableError("cannot open " + path + ": " +
                            std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char pid[32] = {};
    const ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);
    close(fd);
    if (error != EWOULDBLOCK) {
      return UnavailableError("cannot lock " + path + ": " +
                              std::strerror(error));
    }
    std::string holder = n > 0 ? std::string(pid, n) : std::string("?");
    while (!holder.empty() && holder.back() == '\n') holder.pop_back();
    return FailedPreconditionError(
        "data_dir " + dir + " is in use by another wildwatchd (pid " + holder +
        "); stop it first, or give this one another data_dir");
  }
  const std::string pid = std::to_string(getpid()) + "\n";
  // The pid is only for the message above: a short write costs nothing.
  if (ftruncate(fd, 0) == 0) {
    [[maybe_unused]] ssize_t written = pwrite(fd, pid.data(), pid.size(), 0);
  }
  return DataDirLock(fd);
}

DataDirLock::DataDirLock(DataDirLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

DataDirLock& DataDirLock::operator=(DataDirLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace wildwatch
