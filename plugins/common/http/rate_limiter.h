// RateLimiter: keeps a minimum interval between consecutive requests.
//
// Platforms ban scrapers that hammer them; a fixed gap between requests is
// the politeness rule most terms of service and robots.txt crawl-delays ask
// for, and it is predictable for an operator to configure.
// Thread-safe: concurrent Acquire calls are serialised and spaced out.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_RATE_LIMITER_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_RATE_LIMITER_H_

#include <chrono>
#include <mutex>
#include <optional>

namespace wildwatch::plugins {

class RateLimiter {
 public:
  // min_interval of zero disables limiting.
  explicit RateLimiter(std::chrono::milliseconds min_interval)
      : min_interval_(min_interval) {}
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Blocks until at least min_interval has passed since the previous
  // Acquire returned, then returns. The first call never blocks.
  void Acquire();

 private:
  const std::chrono::milliseconds min_interval_;
  std::mutex mu_;
  // Guarded by mu_. When the previous Acquire returned.
  std::optional<std::chrono::steady_clock::time_point> last_;
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_RATE_LIMITER_H_
