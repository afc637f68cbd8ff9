// The RE2 options of the regex peers: the semantics the Wildwatch rule
// engine documents (host/rules/rule_set.h) -- UTF-8, case-insensitive with
// Unicode simple case folding, unanchored -- so that the peers and the
// engine must agree on which posts hit. Thread-safe: a pure function.

#ifndef WILDWATCH_BENCH_PEER_RE2_OPTIONS_H_
#define WILDWATCH_BENCH_PEER_RE2_OPTIONS_H_

#include <re2/re2.h>

#include <cstdint>

namespace wildwatch::bench {

// max_mem: RE2's memory budget (program and DFA cache); RE2's own default
// is 8 MiB.
RE2::Options PeerRe2Options(int64_t max_mem);

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_PEER_RE2_OPTIONS_H_
