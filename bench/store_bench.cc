// Matches committed per second by SqliteMatchStore in batches of 1, 64 and
// 512: the default options (WAL, synchronous=NORMAL, no retention), each
// match with its own ~250 bytes of evidence, a checkpoint with every batch.
// The store starts empty and grows over the run, as a fresh daemon's does.
//
//   store_bench --benchmark_filter=CommitBatch

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "host/core/match.h"
#include "host/store/sqlite_match_store.h"

namespace wildwatch {
namespace {

Match TemplateMatch() {
  Match m;
  m.connector = "bench-market";
  m.platform = "bazaar";
  m.post.url = "https://bazaar.example/item/123456";
  m.post.author = "seller";
  m.post.author_id = "u123456";
  m.post.created_at_ms = 1714557600000;
  m.post.title = "Bangle";
  m.post.text =
      "Hand carved ivory bangle, genuine old stock, 62 mm inner diameter. "
      "Ships discreetly worldwide, payment by crypto only. Also have pangolin "
      "scales and rhino horn powder, message for prices and photos.";
  m.post.lang = "en";
  m.post.attributes = {{"price", "120"}, {"currency", "USD"}};
  m.captured_at_ms = 1714557700000;
  m.matched_at_ms = 1714557700500;
  m.taxon_id = "loxodonta-africana";
  m.scientific_name = "Loxodonta africana";
  m.appendix = "I";
  m.rule_id = "loxodonta-africana/ivory";
  m.severity = Severity::kCritical;
  m.ruleset_version = "2024.05";
  m.spans = {{18, 23}, {24, 30}};
  m.matched = {"ivory", "bangle"};
  return m;
}

void BM_CommitBatch(benchmark::State& state) {
  const auto batch_size = static_cast<size_t>(state.range(0));
  std::string dir =
      (std::filesystem::temp_directory_path() / "store_bench_XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) {
    state.SkipWithError("cannot create a temporary directory");
    return;
  }
  SqliteMatchStore::Options options;
  options.path = dir + "/matches.db";
  StatusOr<std::unique_ptr<SqliteMatchStore>> store =
      SqliteMatchStore::Open(options);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    std::filesystem::remove_all(dir);
    return;
  }

  const Match base = TemplateMatch();
  std::vector<Match> batch(batch_size, base);
  uint64_t next = 0;
  for (auto _ : state) {
    // Renaming the template costs little next to the commit, and a distinct
    // post per match makes every match and its evidence new.
    for (Match& m : batch) {
      const std::string n = std::to_string(next++);
      m.post.id = "post-" + n;
      m.post.text.replace(m.post.text.size() - n.size(), n.size(), n);
      m.match_id = n;
      m.raw_sha256 = std::string(64 - n.size(), '0') + n;
      m.sequence = 0;
    }
    Status s =
        (*store)->CommitBatch("bench-market", &batch, std::to_string(next));
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(batch_size));
  store->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CommitBatch)->Arg(1)->Arg(64)->Arg(512)->UseRealTime();

}  // namespace
}  // namespace wildwatch
