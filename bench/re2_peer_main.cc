// wildwatch_bench_re2: the RE2 peers of the matching benchmark.
//   --mode naive   one RE2 per pattern, tried in turn (NaiveRe2Matcher)
//   --mode set     one RE2::Set of all patterns (Re2SetMatcher)
// Reads a plain pattern list; prints one JSON line of Figures.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "bench/driver.h"
#include "bench/naive_re2_matcher.h"
#include "bench/pattern_list.h"
#include "bench/re2_set_matcher.h"

namespace {

// RE2's own default budget, so "re2-set" is RE2::Set as shipped.
constexpr int64_t kRe2DefaultMaxMem = int64_t{8} << 20;

}  // namespace

int main(int argc, char** argv) {
  using wildwatch::bench::Matcher;
  CLI::App app{"RE2 peers of the Wildwatch matching benchmark"};
  wildwatch::bench::DriverOptions options;
  wildwatch::bench::AddDriverFlags(&app, &options);
  std::string mode = "set";
  int64_t max_mem = kRe2DefaultMaxMem;
  app.add_option("--mode", mode, "naive or set")
      ->check(CLI::IsMember({"naive", "set"}));
  app.add_option("--max-mem", max_mem,
                 "RE2 memory budget in bytes (per pattern for naive)");
  CLI11_PARSE(app, argc, argv);

  std::string peer = mode == "naive" ? "re2-naive" : "re2-set";
  if (max_mem != kRe2DefaultMaxMem) {
    peer += "-" + std::to_string(max_mem >> 20) + "m";
  }
  return wildwatch::bench::RunDriver(
      peer, options,
      [&](const std::string& path, int64_t* pattern_count)
          -> wildwatch::StatusOr<std::unique_ptr<Matcher>> {
        auto patterns = wildwatch::bench::ReadPatternList(path);
        if (!patterns.ok()) return patterns.status();
        *pattern_count = static_cast<int64_t>(patterns->size());
        if (mode == "naive") {
          return wildwatch::bench::NaiveRe2Matcher::Create(*patterns, max_mem);
        }
        return wildwatch::bench::Re2SetMatcher::Create(*patterns, max_mem);
      });
}
