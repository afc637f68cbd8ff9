#include "host/connector/worker_pool.h"

namespace wildwatch {

WorkerPool::WorkerPool(size_t workers) {
  threads_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Run(const std::function<void()>& job) {
  if (threads_.empty()) {
    job();
    return;
  }
  {
    std::lock_guard lock(mu_);
    job_ = &job;
    ++generation_;
    running_ = threads_.size();
  }
  work_cv_.notify_all();
  job();
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [&] { return running_ == 0; });
  job_ = nullptr;
}

void WorkerPool::WorkerLoop() {
  uint64_t done = 0;  // The last generation this worker ran.
  std::unique_lock lock(mu_);
  while (true) {
    work_cv_.wait(lock, [&] { return stop_ || generation_ != done; });
    if (stop_) return;
    done = generation_;
    const std::function<void()>* job = job_;
    lock.unlock();
    (*job)();
    lock.lock();
    if (--running_ == 0) done_cv_.notify_one();
  }
}

}  // namespace wildwatch
