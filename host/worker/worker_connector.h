// WorkerConnector: a connector instance running in a worker process.
//
// Start() spawns the worker (wildwatchd re-executed in worker mode, see
// worker_main.h) on one end of a Unix socket pair, and asks it to open the
// plugin at the given checkpoint. NextBatch() sends a request and waits for
// the batch, forwarding the plugin's log lines and counters to the
// ConnectorHost as they come; the batch is decoded and checked (CheckBatch)
// in the host like an in-process one. The worker is lost, and NextBatch
// says so (BatchResult::lost) with the reason, when it
//   - dies: "killed by signal 11 (SIGSEGV)", "exited with code 1"; when its
//     last reported data segment was near memory_limit_bytes, the reason
//     adds that it was at its memory limit;
//   - overruns next_batch_deadline: it is killed with SIGKILL;
//   - answers with a frame that is too large or cannot be parsed;
//   - is still busy stop_grace after *stop became true: killed.
// Supervision (restart, backoff, quarantine) is the caller's: a lost worker
// is never restarted here.
//
// The destructor asks the worker to close the instance, gives it stop_grace
// to exit, then kills it with SIGKILL and reaps it: it never blocks longer
// than that. Not thread-safe (one thread drives it); not copyable.

#ifndef WILDWATCH_HOST_WORKER_WORKER_CONNECTOR_H_
#define WILDWATCH_HOST_WORKER_WORKER_CONNECTOR_H_

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "host/core/status.h"
#include "host/plugin/connector_source.h"
#include "host/worker/frame_io.h"

namespace wildwatch {

namespace worker {
class Reply;
}

struct WorkerOptions {
  // The wildwatchd binary to run in worker mode. The daemon runs itself;
  // tests name the built binary.
  std::string executable = "/proc/self/exe";
  // The connector instance's name: the worker shows as
  // "wildwatchd-worker <name>" in ps and top.
  std::string name;
  std::string plugin_path;  // As PluginLibrary::Load takes it.
  std::string config_json;

  // Limits. The RLIMIT_DATA of the worker (0: none): a plugin that leaks is
  // stopped at this size instead of taking the machine's memory. 512 MiB
  // leaves room for the largest batches (batch_size posts of up to
  // max_post_bytes) of the shipped connectors, whose workers use 5-30 MiB.
  uint64_t memory_limit_bytes = uint64_t{512} << 20;
  // How long one next_batch (or the create when opening) may take, beyond
  // the timeout it is given, before the worker is killed as hung. HTTP
  // connectors time out their own requests well inside this.
  std::chrono::milliseconds next_batch_deadline{60000};
  // How long a worker may take to end once asked to (destruction, or *stop
  // while a call is in progress) before SIGKILL.
  std::chrono::milliseconds stop_grace{5000};
};

class WorkerConnector : public ConnectorSource {
 public:
  // Spawns the worker and opens the instance at checkpoint. host may be
  // null; stop must not be; both must outlive the result. On failure the
  // worker is gone and the error is: the plugin's create error (as
  // ConnectorInstance::Create returns it), the plugin's load error, ABORTED
  // when the worker was lost while opening (reason as for NextBatch), or
  // INTERNAL when it cannot be spawned.
  static StatusOr<std::unique_ptr<WorkerConnector>> Start(
      const WorkerOptions& options,
      const std::optional<std::string>& checkpoint, ConnectorHost* host,
      const std::atomic<bool>* stop);

  ~WorkerConnector() override;
  WorkerConnector(const WorkerConnector&) = delete;
  WorkerConnector& operator=(const WorkerConnector&) = delete;

  BatchResult NextBatch(uint32_t max_posts,
                        std::chrono::milliseconds timeout) override;

  pid_t pid() const { return pid_; }

 private:
  WorkerConnector(const WorkerOptions& options, pid_t pid, int fd,
                  ConnectorHost* host, const std::atomic<bool>* stop);

  // Waits for the Opened or Batch reply to the request just sent, until
  // timeout plus next_batch_deadline. Log and Counter replies go to host_.
  // Returns false with *lost set when the worker is lost (and reaped).
  bool AwaitReply(std::chrono::milliseconds timeout, worker::Reply* reply,
                  std::string* lost);
  // Kills the worker unless it has exited, reaps it, and returns why it
  // ended ("killed by signal 9 (SIGKILL)"), with how when given.
  std::string Reap(const std::string& how);

  const WorkerOptions options_;
  const pid_t pid_;
  const int fd_;
  ConnectorHost* const host_;  // May be null.
  const std::atomic<bool>* const stop_;
  FrameReader reader_;
  bool reaped_ = false;
  uint64_t last_memory_bytes_ = 0;  // From the last batch.
};

// The factory of worker sources with options (connector_source.h).
SourceFactory WorkerSourceFactory(WorkerOptions options);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_WORKER_WORKER_CONNECTOR_H_
