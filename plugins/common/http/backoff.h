// Backoff: jittered exponential delays between retries of one request.
//
// Delay n (n = 0, 1, ...) is drawn uniformly from [d/2, d] with
// d = min(base * 2^n, max): the exponential growth gives an overloaded
// server room, and the jitter keeps many instances restarted together from
// retrying in lockstep ("equal jitter" in the AWS architecture blog's
// comparison, which keeps a floor so retries never fire back to back).
// Not thread-safe: one Backoff per retry loop.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_BACKOFF_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_BACKOFF_H_

#include <chrono>
#include <random>

namespace wildwatch::plugins {

class Backoff {
 public:
  // REQUIRES: 0 <= base <= max.
  Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max);

  // The delay before the next retry; each call doubles the next one's range
  // until it reaches max.
  std::chrono::milliseconds Next();

 private:
  const std::chrono::milliseconds base_;
  const std::chrono::milliseconds max_;
  int attempt_ = 0;
  std::minstd_rand rng_;
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_BACKOFF_H_
