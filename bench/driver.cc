#include "bench/driver.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <span>
#include <vector>

#include "bench/process_memory.h"

namespace wildwatch::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double MiB(uint64_t after, uint64_t before) {
  return after > before ? static_cast<double>(after - before) / (1 << 20) : 0;
}

// Reading the clock per post would cost as much as matching a short post.
constexpr size_t kPostsPerClockCheck = 64;

// Posts prepared, then matched, at a time: enough that reading the clock
// costs nothing next to them, few enough that what Prepare makes of them
// stays in cache and out of the resident-memory figure, as in the daemon,
// which normalises a post just before matching it.
constexpr size_t kPostsPerRun = 256;

}  // namespace

void AddDriverFlags(CLI::App* app, DriverOptions* options) {
  app->add_option("--patterns", options->patterns, "Pattern set to compile")
      ->required();
  app->add_option("--corpus", options->corpus, "Posts as canonical JSONL")
      ->required();
  app->add_option("--max-bytes", options->max_bytes,
                  "Scan only the leading posts of this many text bytes");
  app->add_option("--time-budget", options->time_budget_s,
                  "Stop scanning after this many seconds");
}

Figures Measure(const std::string& peer, const DriverOptions& options,
                const Corpus& corpus, const MatcherFactory& factory) {
  Figures figures;
  figures.peer = peer;
  const uint64_t rss_before = ResidentBytes();
  const Clock::time_point compile_start = Clock::now();
  StatusOr<std::unique_ptr<Matcher>> matcher =
      factory(options.patterns, &figures.patterns);
  figures.compile_s = SecondsSince(compile_start);
  if (!matcher.ok()) {
    figures.error = matcher.status().ToString();
    return figures;
  }

  const std::vector<CorpusPost>& posts = corpus.posts();
  for (size_t begin = 0; begin < posts.size() && figures.complete;
       begin += kPostsPerRun) {
    const std::span<const CorpusPost> run(
        posts.data() + begin, std::min(kPostsPerRun, posts.size() - begin));
    const Clock::time_point prepare_start = Clock::now();
    const bool prepared = (*matcher)->Prepare(run);
    const Clock::time_point match_start = Clock::now();
    if (prepared) {
      figures.prepare_s +=
          std::chrono::duration<double>(match_start - prepare_start).count();
    }
    for (size_t i = 0; i < run.size(); ++i) {
      if (options.time_budget_s > 0 && i % kPostsPerClockCheck == 0 &&
          figures.prepare_s + figures.seconds + SecondsSince(match_start) >
              options.time_budget_s) {
        figures.complete = false;
        break;
      }
      if ((*matcher)->Matches(run[i].text, run[i].lang)) ++figures.matches;
      figures.bytes += run[i].text.size();
      ++figures.posts;
    }
    figures.seconds += SecondsSince(match_start);
  }
  figures.failures = (*matcher)->failures();
  figures.rss_mb = MiB(ResidentBytes(), rss_before);
  return figures;
}

int RunDriver(const std::string& peer, const DriverOptions& options,
              const MatcherFactory& factory) {
  StatusOr<Corpus> corpus =
      Corpus::LoadJsonl(options.corpus, options.max_bytes);
  if (!corpus.ok()) {
    std::cerr << peer << ": " << corpus.status().ToString() << "\n";
    return 1;
  }
  const Figures figures = Measure(peer, options, *corpus, factory);
  std::cout << figures.ToJson() << std::endl;
  if (!figures.error.empty()) {
    std::cerr << peer << ": " << figures.error << "\n";
    return 1;
  }
  return 0;
}

}  // namespace wildwatch::bench
