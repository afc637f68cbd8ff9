// wildwatch_bench_hyperscan: the Hyperscan 5.4 block-mode peer of the
// matching benchmark. Reads a plain pattern list; prints one JSON line of
// Figures.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "bench/driver.h"
#include "bench/hyperscan_matcher.h"
#include "bench/pattern_list.h"

int main(int argc, char** argv) {
  using wildwatch::bench::Matcher;
  CLI::App app{"Hyperscan peer of the Wildwatch matching benchmark"};
  wildwatch::bench::DriverOptions options;
  wildwatch::bench::AddDriverFlags(&app, &options);
  CLI11_PARSE(app, argc, argv);
  return wildwatch::bench::RunDriver(
      "hyperscan", options,
      [](const std::string& path, int64_t* pattern_count)
          -> wildwatch::StatusOr<std::unique_ptr<Matcher>> {
        auto patterns = wildwatch::bench::ReadPatternList(path);
        if (!patterns.ok()) return patterns.status();
        *pattern_count = static_cast<int64_t>(patterns->size());
        return wildwatch::bench::HyperscanMatcher::Create(*patterns);
      });
}
