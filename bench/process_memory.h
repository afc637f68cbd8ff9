// Resident memory of this process, for the "memory of each compiled set"
// figures. Linux only: read from /proc/self/status. Thread-safe.

#ifndef WILDWATCH_BENCH_PROCESS_MEMORY_H_
#define WILDWATCH_BENCH_PROCESS_MEMORY_H_

#include <cstdint>

namespace wildwatch::bench {

// Current resident set size (VmRSS) in bytes; 0 if it cannot be read.
uint64_t ResidentBytes();

// Peak resident set size so far (VmHWM) in bytes; 0 if it cannot be read.
uint64_t PeakResidentBytes();

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_PROCESS_MEMORY_H_
