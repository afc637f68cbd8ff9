#include "host/worker/worker_connector.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>
#include <utility>
#include <vector>

#include "host/plugin/batch_check.h"
#include "host/worker/batch_codec.h"
#include "host/worker/worker_main.h"
#include "host/worker/worker_protocol.pb.h"

extern char** environ;

namespace wildwatch {

namespace {

// The worker finds its end of the socket pair here.
constexpr int kWorkerFd = 3;
// How often a wait re-checks the stop flag.
constexpr std::chrono::milliseconds kStopCheck{50};
// A crash with the data segment above this share of the limit is reported
// as reaching it: allocations near the limit are the ones that fail.
constexpr double kNearLimit = 0.8;

std::string ErrnoText(const char* what) {
  return std::string(what) + ": " + strerror(errno);
}

std::string DescribeExit(int wstatus) {
  if (WIFSIGNALED(wstatus)) {
    const int sig = WTERMSIG(wstatus);
    const char* abbrev = sigabbrev_np(sig);
    return "killed by signal " + std::to_string(sig) +
           (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")" : "");
  }
  if (WIFEXITED(wstatus)) {
    if (WEXITSTATUS(wstatus) == kWorkerOutOfMemoryExit) {
      return "ran out of memory";
    }
    return "exited with code " + std::to_string(WEXITSTATUS(wstatus));
  }
  return "ended with status " + std::to_string(wstatus);
}

// posix_spawn, not fork: no copy of the host's page tables, no fork
// handlers run in a process with gRPC's threads.
StatusOr<pid_t> Spawn(const std::string& executable, const std::string& name,
                      int child_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_fd, kWorkerFd);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The host blocks its stop signals for sigwait; the worker must not
  // inherit that, or SIGTERM would not end it. Its own process group keeps a
  // terminal's Ctrl-C for the host, which ends workers in order.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF |
                                      POSIX_SPAWN_SETPGROUP);
  const std::string fd_arg = std::to_string(kWorkerFd);
  const std::string parent_arg = std::to_string(getpid());
  // argv[0] need not be the file executed; this one tells workers apart.
  const std::string title = "wildwatchd-worker " + name;
  std::vector<char*> argv = {const_cast<char*>(title.c_str()),
                             const_cast<char*>("--worker-fd"),
                             const_cast<char*>(fd_arg.c_str()),
                             const_cast<char*>("--worker-parent"),
                             const_cast<char*>(parent_arg.c_str()),
                             nullptr};
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, executable.c_str(), &actions, &attr,
                             argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return InternalError("cannot start a worker (" + executable +
                         "): " + strerror(rc));
  }
  return pid;
}

}  // namespace

WorkerConnector::WorkerConnector(const WorkerOptions& options, pid_t pid,
                                 int fd, ConnectorHost* host,
                                 const std::atomic<bool>* stop)
    : options_(options),
      pid_(pid),
      fd_(fd),
      host_(host),
      stop_(stop),
      reader_(fd) {}

StatusOr<std::unique_ptr<WorkerConnector>> WorkerConnector::Start(
    const WorkerOptions& options, const std::optional<std::string>& checkpoint,
    ConnectorHost* host, const std::atomic<bool>* stop) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return InternalError(ErrnoText("socketpair"));
  }
  int child_fd = fds[1];
  if (child_fd == kWorkerFd) {
    // dup2 onto itself would keep close-on-exec set.
    child_fd = fcntl(fds[1], F_DUPFD_CLOEXEC, kWorkerFd + 1);
    close(fds[1]);
    if (child_fd < 0) {
      close(fds[0]);
      return InternalError(ErrnoText("fcntl"));
    }
  }
  StatusOr<pid_t> pid = Spawn(options.executable, options.name, child_fd);
  close(child_fd);
  if (!pid.ok()) {
    close(fds[0]);
    return pid.status();
  }
  std::unique_ptr<WorkerConnector> self(
      new WorkerConnector(options, *pid, fds[0], host, stop));

  worker::Request request;
  worker::OpenRequest* open = request.mutable_open();
  open->set_plugin_path(options.plugin_path);
  open->set_config_json(options.config_json);
  if (checkpoint) open->set_checkpoint(*checkpoint);
  open->set_memory_limit_bytes(options.memory_limit_bytes);
  worker::Reply reply;
  std::string lost;
  if (!WriteFrame(self->fd_, request)) {
    return AbortedError("the worker " + self->Reap("") +
                        " before it was asked to open the plugin");
  }
  if (!self->AwaitReply(std::chrono::milliseconds(0), &reply, &lost)) {
    return AbortedError("the worker " + lost + " while opening the plugin");
  }
  if (!reply.has_opened()) {
    return AbortedError("the worker " +
                        self->Reap("answered the open request with a batch"));
  }
  const auto code = static_cast<StatusCode>(reply.opened().code());
  if (code != StatusCode::kOk) {
    return Status(code, reply.opened().message());  // The worker exits.
  }
  return self;
}

WorkerConnector::~WorkerConnector() {
  if (!reaped_) {
    worker::Request request;
    request.mutable_close();
    if (WriteFrame(fd_, request)) {
      const auto deadline =
          std::chrono::steady_clock::now() + options_.stop_grace;
      int wstatus;
      while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
          reaped_ = true;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    if (!reaped_) Reap("");
  }
  close(fd_);
}

std::string WorkerConnector::Reap(const std::string& how) {
  int wstatus = 0;
  pid_t r = waitpid(pid_, &wstatus, WNOHANG);
  if (r == 0) {
    // It closed its socket and may be on its way out; a moment to finish
    // tells a crash from a kill, then it is killed either way.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    while (r == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      r = waitpid(pid_, &wstatus, WNOHANG);
    }
    if (r == 0) {
      kill(pid_, SIGKILL);
      r = waitpid(pid_, &wstatus, 0);
    }
  }
  reaped_ = true;
  if (!how.empty()) return how;
  std::string why = DescribeExit(wstatus);
  if (options_.memory_limit_bytes != 0 &&
      static_cast<double>(last_memory_bytes_) >=
          kNearLimit * static_cast<double>(options_.memory_limit_bytes)) {
    why += " at its memory limit (" + std::to_string(last_memory_bytes_ >> 20) +
           " MiB used of " + std::to_string(options_.memory_limit_bytes >> 20) +
           " MiB)";
  }
  return why;
}

bool WorkerConnector::AwaitReply(std::chrono::milliseconds timeout,
                                 worker::Reply* reply, std::string* lost) {
  const auto now = std::chrono::steady_clock::now();
  const auto deadline = now + timeout + options_.next_batch_deadline;
  std::optional<std::chrono::steady_clock::time_point> stop_deadline;
  for (;;) {
    switch (reader_.Read(kStopCheck, reply)) {
      case FrameReader::Result::kFrame:
        if (reply->has_log()) {
          if (host_ != nullptr) {
            host_->Log(static_cast<ww_log_level>(reply->log().level()),
                       reply->log().message());
          }
          continue;
        }
        if (reply->has_counter()) {
          if (host_ != nullptr) {
            host_->AddCounter(reply->counter().name(),
                              reply->counter().delta());
          }
          continue;
        }
        if (reply->has_opened() || reply->has_batch()) return true;
        *lost = Reap("sent a reply of an unknown kind; killed");
        return false;
      case FrameReader::Result::kClosed:
        *lost = Reap("");
        return false;
      case FrameReader::Result::kBad:
        *lost = Reap("sent an oversized or unreadable frame; killed");
        return false;
      case FrameReader::Result::kTimeout:
        break;
    }
    const auto t = std::chrono::steady_clock::now();
    if (t >= deadline) {
      kill(pid_, SIGKILL);
      *lost = Reap(
          "did not answer within " +
          std::to_string((timeout + options_.next_batch_deadline).count()) +
          " ms (next_batch_deadline); killed");
      return false;
    }
    if (stop_->load() && !stop_deadline) {
      stop_deadline = t + options_.stop_grace;
    }
    if (stop_deadline && t >= *stop_deadline) {
      kill(pid_, SIGKILL);
      *lost =
          Reap("was still busy " + std::to_string(options_.stop_grace.count()) +
               " ms after the stop (stop_grace); killed");
      return false;
    }
  }
}

BatchResult WorkerConnector::NextBatch(uint32_t max_posts,
                                       std::chrono::milliseconds timeout) {
  BatchResult result;
  auto lose = [&](std::string why) {
    result = BatchResult{};
    result.status = WW_STATUS_FATAL_ERROR;
    result.lost = true;
    result.error = "worker " + std::to_string(pid_) + " " + std::move(why);
    return std::move(result);
  };
  if (reaped_) return lose("is already gone");
  worker::Request request;
  request.mutable_next_batch()->set_max_posts(max_posts);
  request.mutable_next_batch()->set_timeout_ms(
      static_cast<uint32_t>(std::max<int64_t>(0, timeout.count())));
  if (!WriteFrame(fd_, request)) return lose(Reap(""));
  worker::Reply reply;
  std::string lost;
  if (!AwaitReply(timeout, &reply, &lost)) return lose(std::move(lost));
  if (!reply.has_batch()) {
    return lose(Reap("answered a batch request with something else; killed"));
  }
  last_memory_bytes_ = reply.batch().memory_bytes();
  result = DecodeBatch(reply.mutable_batch());
  CheckBatch(max_posts, &result);
  return result;
}

SourceFactory WorkerSourceFactory(WorkerOptions options) {
  return [options = std::move(options)](
             const std::optional<std::string>& checkpoint, ConnectorHost* host,
             const std::atomic<bool>* stop)
             -> StatusOr<std::unique_ptr<ConnectorSource>> {
    auto worker = WorkerConnector::Start(options, checkpoint, host, stop);
    if (!worker.ok()) return worker.status();
    return std::unique_ptr<ConnectorSource>(std::move(*worker));
  };
}

}  // namespace wildwatch
