#include "plugins/common/http/backoff.h"

#include <algorithm>
#include <cassert>

namespace wildwatch::plugins {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max)
    : base_(base), max_(max), rng_(std::random_device{}()) {
  assert(base.count() >= 0 && base <= max);
}

std::chrono::milliseconds Backoff::Next() {
  // 2^30 * base already exceeds any sensible max; stop doubling there so the
  // shift cannot overflow.
  int shift = std::min(attempt_++, 30);
  int64_t ceiling =
      std::min<int64_t>(max_.count(), base_.count() > (max_.count() >> shift)
                                          ? max_.count()
                                          : base_.count() << shift);
  std::uniform_int_distribution<int64_t> pick(ceiling / 2, ceiling);
  return std::chrono::milliseconds(pick(rng_));
}

}  // namespace wildwatch::plugins
