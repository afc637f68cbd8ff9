#include "plugins/common/http/rate_limiter.h"

#include <thread>

namespace wildwatch::plugins {

void RateLimiter::Acquire() {
  std::lock_guard lock(mu_);
  if (last_.has_value() && min_interval_.count() > 0) {
    std::this_thread::sleep_until(*last_ + min_interval_);
  }
  last_ = std::chrono::steady_clock::now();
}

}  // namespace wildwatch::plugins
