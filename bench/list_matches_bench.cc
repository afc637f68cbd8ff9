// ListMatches' work per page of 1,000 on a store of 100,000 matches, with a
// platform filter that keeps one match in ten: the indexed store query
// (MatchStore::Query), each match converted to its wire form and the page
// serialised, as the service does. The baseline, measured in the same run,
// is the way a filter was answered before: read the log in order, decode
// every match and filter in memory (ReadFrom + MatchFilter-style test).
// Transport is not included.
//
//   list_matches_bench --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "host/core/match.h"
#include "host/feed/proto_convert.h"
#include "host/store/sqlite_match_store.h"
#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch {
namespace {

constexpr int kMatches = 100000;
constexpr int kPlatforms = 10;
constexpr size_t kPageSize = 1000;
constexpr char kWanted[] = "platform-3";

Match BenchMatch(int n) {
  Match m;
  m.connector = "bench-market";
  m.platform = "platform-" + std::to_string(n % kPlatforms);
  m.post.id = "post-" + std::to_string(n);
  m.post.url = "https://bazaar.example/item/" + std::to_string(n);
  m.post.author = "seller-" + std::to_string(n % 977);
  m.post.created_at_ms = 1714557600000 + n * 1000LL;
  m.post.text =
      "Hand carved ivory bangle, genuine old stock, 62 mm inner diameter. "
      "Ships discreetly worldwide, payment by crypto only. Item " +
      std::to_string(n);
  m.post.lang = "en";
  m.post.attributes = {{"price", "120"}, {"currency", "USD"}};
  m.captured_at_ms = m.post.created_at_ms + 100;
  m.matched_at_ms = m.post.created_at_ms + 150;
  m.taxon_id = n % 3 == 0 ? "manidae" : "loxodonta-africana";
  m.scientific_name = n % 3 == 0 ? "Manidae spp." : "Loxodonta africana";
  m.appendix = "I";
  m.rule_id = m.taxon_id + "/trade";
  m.severity = Severity::kHigh;
  m.ruleset_version = "2024.05";
  m.spans = {{18, 23}};
  m.matched = {"ivory"};
  m.match_id = "m" + std::to_string(n);
  m.raw_sha256 =
      std::string(64 - std::to_string(n).size(), '0') + std::to_string(n);
  return m;
}

// One store for every benchmark of the run, filled once.
class Fixture {
 public:
  static Fixture& Get() {
    static Fixture* fixture = new Fixture();
    return *fixture;
  }
  SqliteMatchStore* store() { return store_.get(); }
  const std::string& error() const { return error_; }

 private:
  Fixture() {
    dir_ =
        (std::filesystem::temp_directory_path() / "list_bench_XXXXXX").string();
    if (mkdtemp(dir_.data()) == nullptr) {
      error_ = "cannot create a temporary directory";
      return;
    }
    SqliteMatchStore::Options options;
    options.path = dir_ + "/matches.db";
    auto store = SqliteMatchStore::Open(options);
    if (!store.ok()) {
      error_ = store.status().ToString();
      return;
    }
    store_ = std::move(*store);
    std::vector<Match> batch;
    for (int n = 0; n < kMatches; ++n) {
      batch.push_back(BenchMatch(n));
      if (batch.size() == 1000 || n + 1 == kMatches) {
        Status s = store_->CommitBatch("bench-market", &batch, std::nullopt);
        if (!s.ok()) {
          error_ = s.ToString();
          return;
        }
        batch.clear();
      }
    }
  }
  ~Fixture() = delete;  // Lives to the end of the process.

  std::string dir_;
  std::unique_ptr<SqliteMatchStore> store_;
  std::string error_;
};

// What the service does with a page: wire form, serialised.
size_t SendPage(const std::vector<Match>& page) {
  v1::ListMatchesResponse response;
  for (const Match& m : page) MatchToProto(m, response.add_matches());
  return response.SerializeAsString().size();
}

// The shared store, or null after marking state skipped.
SqliteMatchStore* StoreOrSkip(benchmark::State& state) {
  Fixture& f = Fixture::Get();
  if (!f.error().empty()) state.SkipWithError(f.error().c_str());
  return f.error().empty() ? f.store() : nullptr;
}

// Reports pages per iteration as seconds per page.
void CountPages(benchmark::State& state, int64_t pages) {
  state.counters["s_per_page"] = benchmark::Counter(
      static_cast<double>(pages),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_ListMatchesIndexed(benchmark::State& state) {
  SqliteMatchStore* store = StoreOrSkip(state);
  if (store == nullptr) return;
  int64_t pages = 0;
  for (auto _ : state) {
    MatchQuery query;
    query.platforms = {kWanted};
    query.limit = kPageSize;
    while (true) {
      StatusOr<std::vector<Match>> page = store->Query(query);
      if (!page.ok()) {
        state.SkipWithError(page.status().ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(SendPage(*page));
      ++pages;
      if (page->size() < kPageSize) break;
      query.after_sequence = page->back().sequence;
    }
  }
  CountPages(state, pages);
}
BENCHMARK(BM_ListMatchesIndexed)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ListMatchesDecodeAll(benchmark::State& state) {
  SqliteMatchStore* store = StoreOrSkip(state);
  if (store == nullptr) return;
  int64_t pages = 0;
  for (auto _ : state) {
    uint64_t cursor = 0;
    std::vector<Match> page;
    while (true) {
      StatusOr<std::vector<Match>> batch = store->ReadFrom(cursor, 256);
      if (!batch.ok()) {
        state.SkipWithError(batch.status().ToString().c_str());
        return;
      }
      for (Match& m : *batch) {
        cursor = m.sequence + 1;
        if (m.platform == kWanted) page.push_back(std::move(m));
        if (page.size() == kPageSize) {
          benchmark::DoNotOptimize(SendPage(page));
          ++pages;
          page.clear();
        }
      }
      if (batch->size() < 256) break;
    }
    benchmark::DoNotOptimize(SendPage(page));
    ++pages;
  }
  CountPages(state, pages);
}
BENCHMARK(BM_ListMatchesDecodeAll)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace wildwatch
