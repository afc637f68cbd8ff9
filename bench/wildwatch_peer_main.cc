// wildwatch_bench_wildwatch: the Wildwatch rule engine in the matching
// benchmark. Reads a rule set YAML; prints one JSON line of Figures.
//
// "mb_s" is matching alone, on posts already normalised; "norm_mb_s" is
// normalising and matching together, what the daemon spends per post.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "bench/driver.h"
#include "bench/rule_set_matcher.h"
#include "host/rules/rule_set.h"

int main(int argc, char** argv) {
  using wildwatch::bench::Matcher;
  CLI::App app{"Wildwatch rule engine in the matching benchmark"};
  wildwatch::bench::DriverOptions options;
  wildwatch::bench::AddDriverFlags(&app, &options);
  // The daemon's defaults unless told otherwise: the figures are meant to
  // be what production gets.
  wildwatch::rules::LoadOptions load_options;
  app.add_option("--max-candidate-mem", load_options.max_candidate_mem,
                 "LoadOptions::max_candidate_mem in bytes");
  CLI11_PARSE(app, argc, argv);
  return wildwatch::bench::RunDriver(
      "wildwatch", options,
      [&](const std::string& path, int64_t* pattern_count)
          -> wildwatch::StatusOr<std::unique_ptr<Matcher>> {
        return wildwatch::bench::RuleSetMatcher::Create(path, load_options,
                                                        pattern_count);
      });
}
