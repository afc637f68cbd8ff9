// WorkerPool: a fixed set of worker threads that run one job at a time
// together with the calling thread.
//
// The connector runtime matches each batch on every core. Starting threads
// for every batch cost a clone and an exit per thread per batch, which at
// the small batches of a steady stream (a hundred posts every 10 ms) was a
// visible share of the daemon's CPU; the workers here start once and sleep
// on a condition variable between jobs.
//
// Usage:
//
//   WorkerPool pool(3);  // With the caller, 4 threads run each job.
//   std::atomic<size_t> next{0};
//   pool.Run([&] {
//     for (size_t i; (i = next.fetch_add(1)) < items.size();) Work(items[i]);
//   });
//
// Run() must not be called from two threads at once, nor from inside a job.
// Not copyable or movable: the workers refer to it.

#ifndef WILDWATCH_HOST_CONNECTOR_WORKER_POOL_H_
#define WILDWATCH_HOST_CONNECTOR_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wildwatch {

class WorkerPool {
 public:
  // Starts `workers` threads (0 is allowed: Run() then calls job alone).
  explicit WorkerPool(size_t workers);
  // Waits for the workers to end. REQUIRES: no Run() in progress.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  size_t workers() const { return threads_.size(); }

  // Calls job once on the calling thread and once on every worker, all at
  // the same time, and returns when every call has returned. job must be
  // safe to call concurrently and must not throw; splitting the work
  // between the calls is up to it.
  void Run(const std::function<void()>& job);

 private:
  void WorkerLoop();

  std::mutex mu_;
  std::condition_variable work_cv_;             // A job was posted, or stop_.
  std::condition_variable done_cv_;             // running_ dropped to 0.
  const std::function<void()>* job_ = nullptr;  // Guarded by mu_.
  uint64_t generation_ = 0;  // Guarded by mu_; counts jobs posted.
  size_t running_ = 0;       // Guarded by mu_; workers still in the job.
  bool stop_ = false;        // Guarded by mu_.
  std::vector<std::thread> threads_;  // Constant after construction.
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CONNECTOR_WORKER_POOL_H_
