// The plain pattern list the regex peers read: one RE2 pattern per line,
// as bench/gen_inputs.py writes it. Thread-safe: a pure function.

#ifndef WILDWATCH_BENCH_PATTERN_LIST_H_
#define WILDWATCH_BENCH_PATTERN_LIST_H_

#include <string>
#include <vector>

#include "host/core/status.h"

namespace wildwatch::bench {

// Returns the non-empty lines of path in order. NOT_FOUND if it cannot be
// read, INVALID_ARGUMENT if it holds no pattern.
StatusOr<std::vector<std::string>> ReadPatternList(const std::string& path);

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_PATTERN_LIST_H_
