// wildwatch_bench_wildwatch: the Wildwatch rule engine in the matching
// benchmark. Reads a rule set YAML; prints one JSON line of Figures.
//
// Figures cover matching alone. TODO(rules normaliser): when host/rules
// exposes its text normaliser, also time normalise + match and print it as
// "norm_mb_s", which bench/report.py already shows (n/a until then).

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
