// The common flow of every benchmark driver: load the corpus, compile the
// pattern set while timing it and watching resident memory, scan every post
// on one thread, and print the Figures as one JSON line.
//
// A driver's main adds its own flags, then hands a MatcherFactory to
// RunDriver:
//
//   int main(int argc, char** argv) {
//     CLI::App app{"RE2::Set peer"};
//     wildwatch::bench::DriverOptions options;
//     wildwatch::bench::AddDriverFlags(&app, &options);
//     CLI11_PARSE(app, argc, argv);
//     return wildwatch::bench::RunDriver("re2-set", options, factory);
//   }

#ifndef WILDWATCH_BENCH_DRIVER_H_
#define WILDWATCH_BENCH_DRIVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bench/corpus.h"
#include "bench/figures.h"
#include "bench/matcher.h"
#include "host/core/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace wildwatch::bench {

struct DriverOptions {
  std::string patterns;  // Pattern list or rule set, as the driver reads.
  std::string corpus;    // Canonical JSONL.
  // Scan only the leading posts of at most this many text bytes; 0: all.
  // Drivers given the same value scan the same posts.
  uint64_t max_bytes = 0;
  // Stop scanning after this many seconds (Figures::complete turns false),
  // so a peer that collapses cannot stall the whole run; 0: no limit.
  double time_budget_s = 0;
};

// Compiles the pattern set at path. On success returns the matcher and sets
// *pattern_count; on failure returns why (RESOURCE_EXHAUSTED for a memory
// budget, INVALID_ARGUMENT for a pattern) and leaves *pattern_count alone.
using MatcherFactory = std::function<StatusOr<std::unique_ptr<Matcher>>(
    const std::string& path, int64_t* pattern_count)>;

// Registers --patterns, --corpus, --max-bytes and --time-budget on app.
// REQUIRES: app and options non-null; options outlives parsing.
void AddDriverFlags(CLI::App* app, DriverOptions* options);

// Measures one peer on a loaded corpus. A failed compile gives Figures
// with error set and no scan figures.
Figures Measure(const std::string& peer, const DriverOptions& options,
                const Corpus& corpus, const MatcherFactory& factory);

// Loads options.corpus, runs Measure and prints its JSON line on stdout.
// Returns the process exit status: 0, or 1 when the corpus or the pattern
// set could not be loaded (the reason on stderr, and in the JSON line when
// compiling failed, so the report can show it).
int RunDriver(const std::string& peer, const DriverOptions& options,
              const MatcherFactory& factory);

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_DRIVER_H_
