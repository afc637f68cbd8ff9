// ConnectorRunner: runs one configured connector instance for the host.
//
// Two threads per instance, joined by a BoundedQueue of batches:
//   puller:    ConnectorSource::NextBatch in a loop, on a source opened by
//              the instance's SourceFactory (a worker process by default,
//              the plugin in the host for `in_process: true`); retries
//              transient errors with jittered exponential backoff; stops the
//              instance on configuration or fatal errors; supervises it
//              (below);
//   processor: matches each batch with the rules in force (ActiveRules, read
//              once per batch), helped by match_threads - 1 pool threads
//              started with it, then commits the batch's matches together
//              with its checkpoint in one MatchStore::CommitBatch.
// Batches of one instance are committed in the order they were read, so the
// stored checkpoint only moves forward. The queue bounds memory: a source
// faster than matching and storage is slowed down, never buffered without
// limit.
//
// Supervision. A source that is lost (its worker crashed, hung past its
// deadline or hit its memory limit) is reopened at the last checkpoint read
// after a jittered exponential backoff (restart_initial_backoff, doubling up
// to restart_max_backoff); every restart is logged with the instance, the
// reason and that checkpoint, and counted ("worker_restarts"). Batches
// already read are still committed, so nothing read is read twice. When
// quarantine_after losses in a row happen at the same checkpoint without a
// batch in between, the instance is quarantined: it stops, its state says
// "quarantined" and last_error why, and the other instances run on. A
// quarantine lasts until the daemon restarts.
//
// Lifecycle: construct, Start() once, Stop() once (also run by the
// destructor). Stop() stops pulling, lets the processor commit every batch
// already read, and returns when every thread it started has ended; a
// worker busy in a call gets stop_grace (WorkerOptions) before it is
// killed. RequestStop() only begins that, so a host can stop many runners
// at once and then wait for each.
// Snapshot() is safe to call from any thread at any time.

#ifndef WILDWATCH_HOST_CONNECTOR_CONNECTOR_RUNNER_H_
#define WILDWATCH_HOST_CONNECTOR_CONNECTOR_RUNNER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/connector/active_rules.h"
#include "host/connector/bounded_queue.h"
#include "host/connector/worker_pool.h"
#include "host/core/post.h"
#include "host/plugin/connector_instance.h"
#include "host/plugin/connector_source.h"
#include "host/plugin/plugin_library.h"
#include "host/store/match_store.h"

namespace wildwatch {

struct RunnerOptions {
  // Behaviour.

  // Posts asked for per next_batch. Larger batches amortise the per-commit
  // cost (one SQLite transaction each); smaller ones lower latency.
  uint32_t batch_size = 256;
  // How long a connector may block waiting for data in one next_batch call.
  // Also bounds how long Stop() waits for a busy puller.
  std::chrono::milliseconds poll_timeout{500};
  // A post whose text or raw evidence is larger than this is skipped with
  // an error (counter "oversize_posts"): one giant post must not exhaust
  // memory or stall matching for everyone.
  uint64_t max_post_bytes = 4 << 20;
  // Transient errors are retried after initial_backoff, doubling up to
  // max_backoff, each wait jittered to 50-100% so many instances failing
  // together do not retry in lockstep.
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{60000};
  // A lost source is reopened after restart_initial_backoff, doubling up to
  // restart_max_backoff, jittered likewise. The first restart is quick (a
  // worker killed by an operator or the OOM killer is back at once); a
  // plugin that keeps crashing backs off to one try per 30 s.
  std::chrono::milliseconds restart_initial_backoff{200};
  std::chrono::milliseconds restart_max_backoff{30000};
  // Losses in a row at one checkpoint that quarantine the instance. Five
  // tell a post that crashes the plugin every time (with the default
  // backoff, within about 3 s) from a crash that happened to recur.
  uint32_t quarantine_after = 5;

  // Performance.

  // Batches read ahead of the processor. Memory use is bounded by about
  // queue_batches * batch_size * post size.
  size_t queue_batches = 4;
  // Threads that match one batch's posts in parallel (0: one per core).
  // Matching is the expensive step, and a single busy source would
  // otherwise use one core however many the machine has; the batch is still
  // committed whole and in order.
  uint32_t match_threads = 0;
};

// What the admin API shows of one instance.
struct ConnectorSnapshot {
  std::string name;
  std::string plugin;
  std::string plugin_version;
  std::string platform;
  // "starting", "running", "idle", "backoff", "restarting", "quarantined",
  // "finished", "stopped", "failed" or "config_error".
  std::string state;
  uint64_t posts_read = 0;
  uint64_t matches = 0;
  uint64_t errors = 0;
  std::string last_checkpoint;  // Printable; non-printable bytes as \xHH.
  std::string last_error;
  int64_t last_batch_at_ms = 0;
  std::map<std::string, uint64_t> counters;  // Connector-defined.
};

// One instance as configured.
struct InstanceSpec {
  std::string name;      // Unique instance name; keys the checkpoint.
  std::string platform;  // Platform label of its posts.
  std::string config_json;
  // Opens the instance's source. Null: the plugin in the host
  // (InProcessSourceFactory of the runner's library and config_json).
  SourceFactory source;
};

class ConnectorRunner : private ConnectorHost {
 public:
  // library may be null when loading failed; the runner then only reports
  // state "failed" with load_error. store and rules must outlive the runner.
  ConnectorRunner(InstanceSpec spec,
                  std::shared_ptr<const PluginLibrary> library,
                  std::string load_error, MatchStore* store,
                  const ActiveRules* rules, RunnerOptions options);
  ~ConnectorRunner() override;
  ConnectorRunner(const ConnectorRunner&) = delete;
  ConnectorRunner& operator=(const ConnectorRunner&) = delete;

  void Start();
  void RequestStop();
  void Stop();

  ConnectorSnapshot Snapshot() const;
  // True once the instance will read nothing more (finished, failed,
  // config_error or stopped) and every batch read was committed.
  bool Done() const { return done_.load(); }

 private:
  struct Batch {
    std::vector<Post> posts;
    std::optional<std::string> checkpoint;
    int64_t captured_at_ms = 0;
  };

  // ConnectorHost.
  void Log(ww_log_level level, std::string_view message) override;
  void AddCounter(std::string_view name, uint64_t delta) override;

  void PullLoop();
  void ProcessLoop();
  // Opens the source at the last checkpoint read, retrying transient
  // failures and supervising lost workers; null if it cannot (the state
  // says why) or the runner stops.
  std::unique_ptr<ConnectorSource> OpenSource();
  // Handles a lost source: quarantines the instance (returns false) or
  // logs the restart and waits its backoff (returns true unless stopped).
  bool RestartAfterLoss(const std::string& reason);
  // Sleeps up to d, returning early (false) when Stop() was called.
  bool SleepUnlessStopped(std::chrono::milliseconds d);
  std::chrono::milliseconds NextBackoff();
  std::chrono::milliseconds NextRestartBackoff();
  void SetState(const char* state);
  void RecordError(const std::string& error);
  void DropOversizePosts(std::vector<Post>* posts);
  // Matches every post of batch, in post order, on the processor thread
  // and match_pool_.
  std::vector<Match> MatchBatch(const Batch& batch) const;

  // Constant after construction.
  const InstanceSpec spec_;
  const std::shared_ptr<const PluginLibrary> library_;
  const std::string load_error_;
  MatchStore* const store_;
  const ActiveRules* const rules_;
  const RunnerOptions options_;

  // Own synchronisation.
  BoundedQueue<Batch> queue_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::atomic<uint64_t> posts_read_{0};
  std::atomic<uint64_t> matches_{0};
  std::atomic<uint64_t> errors_{0};
  std::thread puller_;
  std::thread processor_;
  // Matches beside the processor thread; set by Start().
  std::unique_ptr<WorkerPool> match_pool_;

  // Used by the puller thread only.
  SourceFactory source_factory_;
  std::chrono::milliseconds backoff_{0};
  std::chrono::milliseconds restart_backoff_{0};
  // Where a new source resumes: the last checkpoint read (committed or
  // queued), loaded from the store before the first open.
  std::optional<std::string> resume_checkpoint_;
  bool resume_loaded_ = false;
  // Losses in a row at loss_checkpoint_ with no batch between them.
  uint32_t losses_in_row_ = 0;
  std::optional<std::string> loss_checkpoint_;

  mutable std::mutex mu_;
  std::condition_variable stop_cv_;  // Signalled by Stop().
  std::string state_ = "starting";   // Guarded by mu_.
  std::string last_error_;           // Guarded by mu_.
  std::string last_checkpoint_;      // Guarded by mu_.
  int64_t last_batch_at_ms_ = 0;     // Guarded by mu_.
  std::map<std::string, uint64_t, std::less<>> counters_;  // Guarded by mu_.
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CONNECTOR_CONNECTOR_RUNNER_H_
