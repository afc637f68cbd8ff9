#include "host/store/sqlite_match_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "host/core/sha256.h"
#include "host/store/testing/match_testing.h"

namespace wildwatch {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using std::string_literals::operator""s;
using testing::ExpectSameMatch;
using testing::FullMatch;
using Clock = std::chrono::steady_clock;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<uint64_t> Sequences(const std::vector<Match>& matches) {
  std::vector<uint64_t> out;
  for (const Match& m : matches) out.push_back(m.sequence);
  return out;
}

// Runs one statement on its own connection to the file at path and returns
// the first column of the first row as text ("" if none).
std::string QueryFile(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string result;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
        result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      }
      EXPECT_TRUE(rc == SQLITE_ROW || rc == SQLITE_DONE) << sqlite3_errmsg(db);
    } else {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return result;
}

class SqliteMatchStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "store_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    options_.path = (dir_ / "matches.db").string();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // (Re)opens the store at options_.
  void Open() {
    store_.reset();
    StatusOr<std::unique_ptr<SqliteMatchStore>> store =
        SqliteMatchStore::Open(options_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  // Commits batch and returns it with the sequences the store assigned.
  std::vector<Match> Commit(std::vector<Match> batch,
                            std::optional<std::string_view> checkpoint = {},
                            std::string_view connector = "market") {
    Status s = store_->CommitBatch(connector, &batch, checkpoint);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return batch;
  }

  std::vector<Match> All() {
    StatusOr<std::vector<Match>> all = store_->ReadFrom(0, 1000000);
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    return all.ok() ? *all : std::vector<Match>();
  }

  std::optional<std::string> Checkpoint(std::string_view connector) {
    StatusOr<std::optional<std::string>> cp = store_->LoadCheckpoint(connector);
    EXPECT_TRUE(cp.ok()) << cp.status().ToString();
    return cp.ok() ? *cp : std::nullopt;
  }

  std::optional<std::string> Evidence(std::string_view sha256) {
    StatusOr<std::optional<std::string>> e = store_->LoadEvidence(sha256);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? *e : std::nullopt;
  }

  // Opening options_ must fail; returns why.
  Status OpenError() {
    StatusOr<std::unique_ptr<SqliteMatchStore>> store =
        SqliteMatchStore::Open(options_);
    EXPECT_FALSE(store.ok());
    return store.ok() ? OkStatus() : store.status();
  }

  fs::path dir_;
  SqliteMatchStore::Options options_;
  std::unique_ptr<SqliteMatchStore> store_;
};

TEST_F(SqliteMatchStoreTest, EmptyStoreHoldsNothing) {
  Open();
  EXPECT_EQ(store_->LastSequence(), 0u);
  EXPECT_EQ(store_->OldestSequence(), 1u);
  EXPECT_TRUE(All().empty());
  EXPECT_EQ(Checkpoint("market"), std::nullopt);
}

TEST_F(SqliteMatchStoreTest, SequencesStartAtOneAndFollowCommitOrder) {
  Open();
  std::vector<Match> first = Commit({FullMatch(1), FullMatch(2), FullMatch(3)});
  EXPECT_THAT(Sequences(first), ElementsAre(1, 2, 3));
  std::vector<Match> second = Commit({FullMatch(4), FullMatch(5)});
  EXPECT_THAT(Sequences(second), ElementsAre(4, 5));
  EXPECT_EQ(store_->LastSequence(), 5u);
  EXPECT_EQ(store_->OldestSequence(), 1u);

  std::vector<Match> all = All();
  ASSERT_EQ(all.size(), 5u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].sequence, i + 1);
    EXPECT_EQ(all[i].match_id, FullMatch(static_cast<int>(i) + 1).match_id);
  }
  StatusOr<std::vector<Match>> middle = store_->ReadFrom(2, 2);
  ASSERT_TRUE(middle.ok()) << middle.status().ToString();
  EXPECT_THAT(Sequences(*middle), ElementsAre(2, 3));
  StatusOr<std::vector<Match>> beyond = store_->ReadFrom(6, 10);
  ASSERT_TRUE(beyond.ok());
  EXPECT_TRUE(beyond->empty());
  StatusOr<std::vector<Match>> none = store_->ReadFrom(1, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteMatchStoreTest, RecommittedMatchesAreStoredOnce) {
  Open();
  Match a = FullMatch(1), b = FullMatch(2), c = FullMatch(3);
  EXPECT_THAT(Sequences(Commit({a, b}, "1")), ElementsAre(1, 2));
  // A re-read after a crash: the old matches are skipped, the new one is
  // stored and the checkpoint still moves on.
  EXPECT_THAT(Sequences(Commit({a, b, c}, "2")), ElementsAre(0, 0, 3));
  EXPECT_EQ(Checkpoint("market"), "2");
  EXPECT_THAT(Sequences(Commit({c}, "3")), ElementsAre(0));
  EXPECT_EQ(Checkpoint("market"), "3");
  EXPECT_EQ(store_->LastSequence(), 3u);
  // The same match twice in one batch.
  Match d = FullMatch(4);
  EXPECT_THAT(Sequences(Commit({d, d})), ElementsAre(4, 0));
  EXPECT_EQ(All().size(), 4u);
}

TEST_F(SqliteMatchStoreTest, CheckpointsKeepBinaryBytesPerConnector) {
  Open();
  const std::string binary = "\0page=7\xff\0"s;
  Commit({}, binary, "market");
  Commit({}, "", "chat");
  EXPECT_EQ(Checkpoint("market"), binary);
  EXPECT_EQ(Checkpoint("chat"), "");  // Set, and empty: not the same as none.
  EXPECT_EQ(Checkpoint("mail"), std::nullopt);
  // No checkpoint with a batch leaves the last one in place.
  Commit({FullMatch(1)}, std::nullopt, "market");
  EXPECT_EQ(Checkpoint("market"), binary);
}

TEST_F(SqliteMatchStoreTest, EveryFieldRoundTripsAndEvidenceIsKeptByHash) {
  Open();
  Match with_raw = FullMatch(1);
  Match text_only = FullMatch(2);
  text_only.post.raw.clear();
  text_only.raw_sha256 = Sha256Hex(text_only.post.text);
  std::vector<Match> committed = Commit({with_raw, text_only});

  std::vector<Match> all = All();
  ASSERT_EQ(all.size(), 2u);
  Match expected = with_raw;
  expected.sequence = committed[0].sequence;
  expected.post.raw.clear();  // Kept apart; see LoadEvidence.
  ExpectSameMatch(expected, all[0]);
  expected = text_only;
  expected.sequence = committed[1].sequence;
  ExpectSameMatch(expected, all[1]);

  EXPECT_EQ(Evidence(with_raw.raw_sha256), with_raw.post.raw);
  EXPECT_EQ(Evidence(text_only.raw_sha256), text_only.post.text);
  EXPECT_EQ(Evidence(std::string(64, '0')), std::nullopt);
}

TEST_F(SqliteMatchStoreTest, EvidenceSharedByMatchesIsStoredOnce) {
  Open();
  // Three rules hitting one post: three matches, one piece of evidence.
  std::vector<Match> batch;
  for (int i = 0; i < 3; ++i) {
    Match m = FullMatch(1);
    m.rule_id = "loxodonta-africana/rule-" + std::to_string(i);
    m.match_id = MatchId(m.connector, m.post.id, m.rule_id, m.ruleset_version);
    batch.push_back(m);
  }
  Commit(batch);
  EXPECT_EQ(All().size(), 3u);
  EXPECT_EQ(QueryFile(options_.path, "SELECT count(*) FROM evidence"), "1");
  EXPECT_EQ(Evidence(batch[0].raw_sha256), batch[0].post.raw);
}

TEST_F(SqliteMatchStoreTest, MatchWithoutHashKeepsNoEvidence) {
  Open();
  Match m = FullMatch(1);
  m.raw_sha256.clear();
  Commit({m});
  EXPECT_EQ(QueryFile(options_.path, "SELECT count(*) FROM evidence"), "0");
  ASSERT_EQ(All().size(), 1u);
}

TEST_F(SqliteMatchStoreTest, FailedCommitStoresNothingAndChangesNothing) {
  Open();
  Commit({FullMatch(1)}, "1");
  // A trigger refuses one match, failing the batch half way through.
  QueryFile(options_.path,
            "CREATE TRIGGER refuse BEFORE INSERT ON matches"
            " WHEN NEW.match_id = 'refused'"
            " BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
  Match refused = FullMatch(3);
  refused.match_id = "refused";
  std::vector<Match> batch = {FullMatch(2), refused};
  Status s = store_->CommitBatch("market", &batch, "2");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("refused by test"));
  EXPECT_THAT(Sequences(batch), ElementsAre(0, 0));
  EXPECT_EQ(store_->LastSequence(), 1u);
  EXPECT_EQ(All().size(), 1u);
  EXPECT_EQ(Checkpoint("market"), "1");
  EXPECT_EQ(Evidence(batch[0].raw_sha256), std::nullopt);
  // The failed batch used no sequence numbers.
  EXPECT_THAT(Sequences(Commit({FullMatch(2)})), ElementsAre(2));
}

TEST_F(SqliteMatchStoreTest, RetentionByCountDropsTheOldest) {
  options_.retention_max_matches = 5;
  Open();
  std::vector<Match> batch = {FullMatch(1), FullMatch(2), FullMatch(3)};
  Match shares_evidence_with_3 = FullMatch(6);
  shares_evidence_with_3.post.raw = batch[2].post.raw;
  shares_evidence_with_3.raw_sha256 = batch[2].raw_sha256;
  Commit(batch);
  Commit({FullMatch(4), FullMatch(5), shares_evidence_with_3});
  EXPECT_EQ(store_->OldestSequence(), 2u);
  Commit({FullMatch(7), FullMatch(8)});
  EXPECT_EQ(store_->OldestSequence(), 4u);
  EXPECT_EQ(store_->LastSequence(), 8u);

  std::vector<Match> all = All();
  EXPECT_THAT(Sequences(all), ElementsAre(4, 5, 6, 7, 8));
  StatusOr<std::vector<Match>> from_four = store_->ReadFrom(4, 100);
  ASSERT_TRUE(from_four.ok());
  EXPECT_EQ(from_four->size(), 5u);

  StatusOr<std::vector<Match>> gone = store_->ReadFrom(2, 100);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), StatusCode::kOutOfRange);
  EXPECT_THAT(gone.status().message(), HasSubstr("sequence 2 "));
  EXPECT_THAT(gone.status().message(), HasSubstr("oldest held is 4"));

  // Evidence goes with the last match that needs it.
  EXPECT_EQ(Evidence(batch[0].raw_sha256), std::nullopt);
  EXPECT_EQ(Evidence(batch[2].raw_sha256), batch[2].post.raw);
  EXPECT_EQ(QueryFile(options_.path, "SELECT count(*) FROM evidence"), "5");
}

TEST_F(SqliteMatchStoreTest, RetentionByAgeDropsOnlyAPrefix) {
  options_.retention_max_age = std::chrono::hours(1);
  Open();
  const int64_t two_hours_ago = NowMs() - 2 * 3600 * 1000;
  std::vector<Match> batch = {FullMatch(1), FullMatch(2), FullMatch(3),
                              FullMatch(4)};
  batch[0].matched_at_ms = two_hours_ago;
  batch[1].matched_at_ms = two_hours_ago;
  batch[2].matched_at_ms = NowMs();
  // Old, but after a young one: kept, so the held range has no hole.
  batch[3].matched_at_ms = two_hours_ago;
  Commit(batch);
  EXPECT_EQ(store_->OldestSequence(), 3u);
  EXPECT_THAT(Sequences(All()), ElementsAre(3, 4));
  StatusOr<std::vector<Match>> gone = store_->ReadFrom(1, 10);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Evidence(batch[0].raw_sha256), std::nullopt);
  EXPECT_EQ(Evidence(batch[3].raw_sha256), batch[3].post.raw);
}

TEST_F(SqliteMatchStoreTest, SequencesAreNeverReusedAfterRetentionDropsAll) {
  options_.retention_max_age = std::chrono::hours(1);
  Open();
  std::vector<Match> old = {FullMatch(1), FullMatch(2)};
  for (Match& m : old) m.matched_at_ms = NowMs() - 2 * 3600 * 1000;
  Commit(old);
  EXPECT_EQ(store_->LastSequence(), 2u);
  EXPECT_EQ(store_->OldestSequence(), 3u);
  EXPECT_TRUE(All().empty());

  Open();
  EXPECT_EQ(store_->LastSequence(), 2u);
  EXPECT_EQ(store_->OldestSequence(), 3u);
  Match young = FullMatch(3);
  young.matched_at_ms = NowMs();
  EXPECT_THAT(Sequences(Commit({young})), ElementsAre(3));
}

TEST_F(SqliteMatchStoreTest, OpenAppliesALoweredLimit) {
  Open();
  Commit({FullMatch(1), FullMatch(2), FullMatch(3), FullMatch(4)});
  options_.retention_max_matches = 2;
  Open();
  EXPECT_EQ(store_->OldestSequence(), 3u);
  EXPECT_THAT(Sequences(All()), ElementsAre(3, 4));
}

TEST_F(SqliteMatchStoreTest, ReopenKeepsEverything) {
  Open();
  std::vector<Match> committed =
      Commit({FullMatch(1), FullMatch(2), FullMatch(3)}, "cursor\0x"s);
  Open();
  EXPECT_EQ(store_->LastSequence(), 3u);
  EXPECT_EQ(store_->OldestSequence(), 1u);
  std::vector<Match> all = All();
  ASSERT_EQ(all.size(), committed.size());
  for (size_t i = 0; i < all.size(); ++i) {
    Match expected = committed[i];
    expected.post.raw.clear();
    ExpectSameMatch(expected, all[i]);
    EXPECT_EQ(Evidence(committed[i].raw_sha256), committed[i].post.raw);
  }
  EXPECT_EQ(Checkpoint("market"), "cursor\0x"s);
  EXPECT_THAT(Sequences(Commit({FullMatch(4)})), ElementsAre(4));
}

TEST_F(SqliteMatchStoreTest, WaitForSequenceWakesOnACommitElsewhere) {
  Open();
  const Clock::time_point start = Clock::now();
  std::thread committer([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Commit({FullMatch(1)});
  });
  EXPECT_TRUE(store_->WaitForSequence(0, start + std::chrono::seconds(20)));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
  committer.join();
  // Already past: returns at once.
  EXPECT_TRUE(store_->WaitForSequence(0, Clock::now()));
}

TEST_F(SqliteMatchStoreTest, WaitForSequenceReturnsFalseAtTheDeadline) {
  Open();
  Commit({FullMatch(1)});
  const Clock::time_point start = Clock::now();
  EXPECT_FALSE(
      store_->WaitForSequence(1, start + std::chrono::milliseconds(100)));
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(100));
}

TEST_F(SqliteMatchStoreTest, ShutdownWakesEveryWaiterForGood) {
  Open();
  const Clock::time_point start = Clock::now();
  std::atomic<int> woken = 0;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&] {
      if (!store_->WaitForSequence(0, start + std::chrono::seconds(30))) {
        ++woken;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  store_->Shutdown();
  for (std::thread& t : waiters) t.join();
  EXPECT_EQ(woken.load(), 3);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));

  const Clock::time_point later = Clock::now();
  EXPECT_FALSE(store_->WaitForSequence(0, later + std::chrono::seconds(30)));
  EXPECT_LT(Clock::now() - later, std::chrono::seconds(5));
}

TEST_F(SqliteMatchStoreTest, ConcurrentWritersAndReadersSeeOneOrder) {
  Open();
  constexpr int kWriters = 3;
  constexpr int kBatches = 40;
  constexpr int kPerBatch = 5;
  constexpr uint64_t kTotal = kWriters * kBatches * kPerBatch;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([this, w] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<Match> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          batch.push_back(FullMatch((w * kBatches + b) * kPerBatch + i));
        }
        Commit(batch, std::to_string(b), "writer-" + std::to_string(w));
      }
    });
  }
  // A follower reading as the writers go sees each sequence once, in order.
  uint64_t next = 1;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(30);
  while (next <= kTotal && Clock::now() < deadline) {
    store_->WaitForSequence(next - 1, deadline);
    StatusOr<std::vector<Match>> batch = store_->ReadFrom(next, 7);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    for (const Match& m : *batch) {
      ASSERT_EQ(m.sequence, next);
      ++next;
    }
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(next, kTotal + 1);
  EXPECT_EQ(store_->LastSequence(), kTotal);
  for (int w = 0; w < kWriters; ++w) {
    EXPECT_EQ(Checkpoint("writer-" + std::to_string(w)),
              std::to_string(kBatches - 1));
  }
}

// The crash test's batches: kCrashBatchSize matches per batch number.
constexpr int kCrashBatchSize = 8;

std::string CrashMatchId(int batch, int i) {
  return "b" + std::to_string(batch) + "-" + std::to_string(i);
}

std::vector<Match> CrashBatch(int batch) {
  std::vector<Match> out;
  for (int i = 0; i < kCrashBatchSize; ++i) {
    Match m;
    m.match_id = CrashMatchId(batch, i);
    m.connector = "crash";
    m.post.id = m.match_id;
    m.post.text = "pangolin scales, 2 kg, batch " + m.match_id;
    m.raw_sha256 = Sha256Hex(m.post.text);
    m.matched_at_ms = NowMs();
    out.push_back(std::move(m));
  }
  return out;
}

// The child's side: resumes after the stored checkpoint like a connector,
// then commits batch after batch (checkpoint = batch number) until killed.
// Writes one byte to ready_fd once a few batches are in.
[[noreturn]] void CommitUntilKilled(const SqliteMatchStore::Options& options,
                                    int ready_fd) {
  StatusOr<std::unique_ptr<SqliteMatchStore>> store =
      SqliteMatchStore::Open(options);
  if (!store.ok()) _exit(1);
  StatusOr<std::optional<std::string>> cp = (*store)->LoadCheckpoint("crash");
  if (!cp.ok()) _exit(2);
  int batch = cp->has_value() ? std::stoi(**cp) : 0;
  for (int committed = 1;; ++committed) {
    ++batch;
    std::vector<Match> matches = CrashBatch(batch);
    if (!(*store)->CommitBatch("crash", &matches, std::to_string(batch)).ok()) {
      _exit(3);
    }
    if (committed == 5) {
      const char byte = 1;
      if (write(ready_fd, &byte, 1) != 1) _exit(4);
    }
  }
}

TEST_F(SqliteMatchStoreTest, KillNineNeverSeparatesMatchesFromCheckpoint) {
  int last_batch = 0;
  for (int round = 0; round < 3; ++round) {
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(ready[0]);
      CommitUntilKilled(options_, ready[1]);
    }
    close(ready[1]);
    pollfd p{ready[0], POLLIN, 0};
    const bool ready_seen = poll(&p, 1, 20000) == 1;
    char byte = 0;
    const bool byte_read = ready_seen && read(ready[0], &byte, 1) == 1;
    close(ready[0]);
    // Killed at a different point in its stream each round.
    std::this_thread::sleep_for(std::chrono::milliseconds(10 + 20 * round));
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(byte_read) << "the child never got going; exit status "
                           << status;
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the child stopped by itself; exit status " << status;

    Open();
    std::optional<std::string> cp = Checkpoint("crash");
    ASSERT_TRUE(cp.has_value());
    const int batch = std::stoi(*cp);
    EXPECT_GE(batch, last_batch + 5) << "round " << round;
    last_batch = batch;
    // Every batch up to the checkpoint complete, nothing after it, sequences
    // 1, 2, 3, ... without a gap or a repeat.
    std::vector<Match> all = All();
    ASSERT_EQ(all.size(), static_cast<size_t>(batch) * kCrashBatchSize);
    for (size_t i = 0; i < all.size(); ++i) {
      ASSERT_EQ(all[i].sequence, i + 1);
      ASSERT_EQ(all[i].match_id,
                CrashMatchId(static_cast<int>(i / kCrashBatchSize) + 1,
                             static_cast<int>(i % kCrashBatchSize)));
    }
    EXPECT_EQ(store_->LastSequence(), all.size());
    EXPECT_EQ(QueryFile(options_.path, "PRAGMA integrity_check"), "ok");
    store_.reset();
  }
}

TEST_F(SqliteMatchStoreTest, FileThatIsNotADatabaseIsDataLoss) {
  std::ofstream(options_.path) << std::string(4096, 'x');
  Status s = OpenError();
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr(options_.path));
}

TEST_F(SqliteMatchStoreTest, OtherSqliteDatabaseIsRefusedUntouched) {
  QueryFile(options_.path, "CREATE TABLE listings (id TEXT)");
  Status s = OpenError();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr(options_.path));
  EXPECT_THAT(s.message(), HasSubstr("not a Wildwatch match store"));
  EXPECT_EQ(QueryFile(options_.path, "PRAGMA journal_mode"), "delete");
}

TEST_F(SqliteMatchStoreTest, NewerSchemaVersionIsRefused) {
  Open();
  store_.reset();
  QueryFile(options_.path,
            "PRAGMA user_version = " +
                std::to_string(SqliteMatchStore::kSchemaVersion + 1));
  Status s = OpenError();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr(options_.path));
  EXPECT_THAT(s.message(),
              HasSubstr("version " +
                        std::to_string(SqliteMatchStore::kSchemaVersion + 1)));
}

TEST_F(SqliteMatchStoreTest, UnopenablePathIsFailedPrecondition) {
  options_.path = (dir_ / "missing-dir" / "matches.db").string();
  Status s = OpenError();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr(options_.path));

  options_.path.clear();
  EXPECT_EQ(OpenError().code(), StatusCode::kInvalidArgument);
}

// 30 matches over 3 platforms, 2 taxa and the 3 appendices, one minute
// apart; the expectations below are computed from the same fields.
std::vector<Match> Varied() {
  std::vector<Match> batch;
  for (int n = 0; n < 30; ++n) {
    Match m = FullMatch(n);
    m.platform = "p" + std::to_string(n % 3);
    m.taxon_id = n % 2 == 0 ? "manidae" : "loxodonta-africana";
    m.appendix = std::string(n % 3 == 0 ? "I" : n % 3 == 1 ? "II" : "III");
    m.severity = n % 4 == 0 ? Severity::kCritical : Severity::kLow;
    m.matched_at_ms = 1700000000000 + n * 60000;
    batch.push_back(std::move(m));
  }
  return batch;
}

TEST_F(SqliteMatchStoreTest, QueryFiltersOnEveryColumnAndPages) {
  Open();
  const std::vector<Match> stored = Commit(Varied());
  MatchQuery query;
  query.platforms = {"p1", "p2"};
  query.taxon_ids = {"manidae"};
  query.min_severity = Severity::kCritical;
  query.matched_from_ms = 1700000000000 + 4 * 60000;
  query.matched_until_ms = 1700000000000 + 28 * 60000;
  std::vector<uint64_t> expected;
  for (int n = 0; n < 30; ++n) {
    if (n % 3 != 0 && n % 2 == 0 && n % 4 == 0 && n >= 4 && n < 28) {
      expected.push_back(stored[n].sequence);
    }
  }
  ASSERT_GE(expected.size(), 3u);

  // Two at a time, resuming after the last sequence seen.
  query.limit = 2;
  std::vector<uint64_t> paged;
  while (true) {
    StatusOr<std::vector<Match>> page = store_->Query(query);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const Match& m : *page) {
      paged.push_back(m.sequence);
      EXPECT_EQ(m.platform == "p1" || m.platform == "p2", true);
    }
    if (page->size() < query.limit) break;
    query.after_sequence = page->back().sequence;
  }
  EXPECT_EQ(paged, expected);

  MatchQuery appendix;
  appendix.appendices = {"I"};
  appendix.limit = 100;
  StatusOr<std::vector<Match>> first = store_->Query(appendix);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 10u);
  Match expected_first = stored[0];
  expected_first.post.raw.clear();  // Kept apart; see LoadEvidence.
  ExpectSameMatch(expected_first, first->front());
}

TEST_F(SqliteMatchStoreTest, QueryValuesAreBoundNotSpliced) {
  Open();
  Commit(Varied());
  MatchQuery query;
  query.platforms = {"p0') OR 1=1 --"};
  StatusOr<std::vector<Match>> page = store_->Query(query);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->empty());
}

TEST_F(SqliteMatchStoreTest, FindMatchByIdOrNothing) {
  Open();
  const std::vector<Match> stored = Commit(Varied());
  StatusOr<std::optional<Match>> found = store_->FindMatch(stored[7].match_id);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  Match expected = stored[7];
  expected.post.raw.clear();  // Kept apart; see LoadEvidence.
  ExpectSameMatch(expected, **found);
  found = store_->FindMatch("no-such-id");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

}  // namespace
}  // namespace wildwatch
