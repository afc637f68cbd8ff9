#include "host/cli/idle_watch.h"

namespace wildwatch::cli {

IdleWatch::IdleWatch(std::chrono::milliseconds idle)
    : idle_(idle), deadline_(Clock::now() + idle) {
  if (idle_.count() > 0) thread_ = std::thread([this] { Run(); });
}

IdleWatch::~IdleWatch() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void IdleWatch::Touch() {
  std::lock_guard lock(mu_);
  deadline_ = Clock::now() + idle_;
}

void IdleWatch::Attach(grpc::ClientContext* context) {
  std::lock_guard lock(mu_);
  context_ = context;
  if (expired_ && context_ != nullptr) context_->TryCancel();
}

bool IdleWatch::expired() {
  std::lock_guard lock(mu_);
  return expired_;
}

void IdleWatch::Sleep(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [this] { return expired_ || stop_; });
}

void IdleWatch::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (Clock::now() >= deadline_) {
      expired_ = true;
      if (context_ != nullptr) context_->TryCancel();
      cv_.notify_all();
      return;
    }
    // Touch() only moves the deadline later, so waking at the old one and
    // looking again is enough.
    cv_.wait_until(lock, deadline_);
  }
}

}  // namespace wildwatch::cli
