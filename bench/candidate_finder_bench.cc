// candidate_finder_bench: the rule engine's candidate stage alone, where it
// stands against the matching targets (docs/benchmarks.md).
//
// Compiles a plain pattern list (bench/gen_inputs.py's patterns-N.txt) the
// way RuleSet compiles a rule set's `any` patterns -- one PatternPool, one
// CandidateFinder over every pattern, LoadOptions' default budgets -- then
// runs CandidateFinder::Find on every post of a corpus on one thread and
// prints one JSON line:
//
//   patterns, unfiltered,      CandidateFinder::Stats of the compiled set
//   atoms, terms, shards,
//   scanner_states, scanner_mb
//   compile_s, compile_rss_mb  compiling; resident growth once compiled
//   peak_rss_mb                the process's peak resident memory
//   mb_s, posts_s              Find alone, best of --repeat passes, in
//                              thread CPU time: the machine may be shared,
//                              and time spent descheduled is not the
//                              engine's
//   atoms_per_post             distinct atoms found per post
//   confirmed_per_post         candidates confirmed with RE2 per post
//   confirming_posts           share of posts with at least one of those
//   matching_posts             share of posts with at least one pattern
//
// Texts are case folded once while loading (NFKC and full case folding,
// ASCII too) and scanned as TextCase::kFolded, as RuleSet scans its
// normalised views; nothing else of Normalize() runs, so the figures are
// the candidate stage's alone. Typical use, on bench/run's inputs:
//
//   wildwatch_bench_candidate_finder --repeat 3
//       --patterns DATA/patterns-50000.txt
//       --corpus DATA/corpus-100000000.jsonl

#include <utf8proc.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/corpus.h"
#include "bench/pattern_list.h"
#include "bench/process_memory.h"
#include "host/rules/candidate_finder.h"
#include "host/rules/pattern_pool.h"
#include "host/rules/rule_set.h"

namespace wildwatch::bench {
namespace {

using Clock = std::chrono::steady_clock;
using rules::CandidateFinder;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double ThreadCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) +
         1e-9 * static_cast<double>(now.tv_nsec);
}

double MiB(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

// text in NFKC with full case folding; text itself if utf8proc rejects it
// (invalid UTF-8), which Find then folds as it goes.
std::string CaseFold(const std::string& text) {
  utf8proc_uint8_t* folded = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &folded,
                   static_cast<utf8proc_option_t>(
                       UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
  if (length < 0) return text;
  std::string out(reinterpret_cast<const char*>(folded),
                  static_cast<size_t>(length));
  std::free(folded);
  return out;
}

struct Options {
  std::string patterns;
  std::string corpus;
  uint64_t max_bytes = 0;
  int repeat = 3;
  bool as_is = false;
};

int Run(const Options& options) {
  StatusOr<std::vector<std::string>> patterns =
      ReadPatternList(options.patterns);
  if (!patterns.ok()) {
    std::cerr << patterns.status().ToString() << "\n";
    return 1;
  }
  StatusOr<Corpus> corpus =
      Corpus::LoadJsonl(options.corpus, options.max_bytes);
  if (!corpus.ok()) {
    std::cerr << corpus.status().ToString() << "\n";
    return 1;
  }
  std::vector<std::string> texts;
  texts.reserve(corpus->posts().size());
  for (const CorpusPost& post : corpus->posts()) {
    texts.push_back(options.as_is ? post.text : CaseFold(post.text));
  }

  // RuleSet splits max_candidate_mem between its normalisation profiles;
  // a pattern list is one profile.
  const rules::LoadOptions defaults;
  const uint64_t rss_before = ResidentBytes();
  const Clock::time_point compile_start = Clock::now();
  rules::PatternPool pool(defaults.max_pattern_mem);
  CandidateFinder finder(&pool, defaults.max_candidate_mem);
  for (const std::string& pattern : *patterns) {
    std::string error;
    const int id = pool.Add(pattern, &error);
    if (id < 0) {
      std::cerr << "pattern '" << pattern << "': " << error << "\n";
      return 1;
    }
    finder.Add(id);
  }
  if (Status status = finder.Compile(); !status.ok()) {
    std::cerr << status.ToString() << "\n";
    return 1;
  }
  const double compile_s = SecondsSince(compile_start);
  const uint64_t rss_compiled = ResidentBytes();

  const CandidateFinder::TextCase text_case =
      options.as_is ? CandidateFinder::TextCase::kAsIs
                    : CandidateFinder::TextCase::kFolded;
  std::vector<int> ids;
  CandidateFinder::FindCounts counts;
  uint64_t bytes = 0;
  uint64_t atoms = 0;
  uint64_t confirmed = 0;
  int64_t confirming_posts = 0;
  int64_t matching_posts = 0;
  for (const std::string& text : texts) {
    finder.Find(text, text_case, &ids, &counts);
    bytes += text.size();
    atoms += counts.atoms;
    confirmed += counts.confirmed;
    confirming_posts += counts.confirmed > 0;
    matching_posts += !ids.empty();
  }
  // The counting pass above also warms the caches; the timed passes count
  // nothing, and the best one is the least disturbed by other processes.
  double seconds = std::numeric_limits<double>::infinity();
  for (int pass = 0; pass < options.repeat; ++pass) {
    const double start = ThreadCpuSeconds();
    for (const std::string& text : texts) finder.Find(text, text_case, &ids);
    seconds = std::min(seconds, ThreadCpuSeconds() - start);
  }

  const CandidateFinder::Stats& stats = finder.stats();
  const double posts = static_cast<double>(texts.size());
  nlohmann::json out;
  out["patterns"] = stats.patterns;
  out["unfiltered"] = stats.unfiltered;
  out["atoms"] = stats.atoms;
  out["terms"] = stats.terms;
  out["shards"] = stats.shards;
  out["scanner_states"] = stats.scanner_states;
  out["scanner_mb"] = MiB(stats.scanner_bytes);
  out["compile_s"] = compile_s;
  out["compile_rss_mb"] =
      MiB(rss_compiled > rss_before ? rss_compiled - rss_before : 0);
  out["peak_rss_mb"] = MiB(PeakResidentBytes());
  out["posts"] = texts.size();
  out["bytes"] = bytes;
  out["seconds"] = seconds;
  out["mb_s"] = static_cast<double>(bytes) / 1e6 / seconds;
  out["posts_s"] = posts / seconds;
  out["atoms_per_post"] = static_cast<double>(atoms) / posts;
  out["confirmed_per_post"] = static_cast<double>(confirmed) / posts;
  out["confirming_posts"] = static_cast<double>(confirming_posts) / posts;
  out["matching_posts"] = static_cast<double>(matching_posts) / posts;
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace
}  // namespace wildwatch::bench

int main(int argc, char** argv) {
  CLI::App app{"The rule engine's candidate stage on a pattern list"};
  wildwatch::bench::Options options;
  app.add_option("--patterns", options.patterns,
                 "Pattern list, one RE2 pattern per line")
      ->required();
  app.add_option("--corpus", options.corpus, "Posts as canonical JSONL")
      ->required();
  app.add_option("--max-bytes", options.max_bytes,
                 "Scan only the leading posts of this many text bytes");
  app.add_option("--repeat", options.repeat,
                 "Timed passes over the corpus; the fastest is reported")
      ->check(CLI::PositiveNumber);
  app.add_flag("--as-is", options.as_is,
               "Scan the texts as written (TextCase::kAsIs), unfolded");
  CLI11_PARSE(app, argc, argv);
  return wildwatch::bench::Run(options);
}
