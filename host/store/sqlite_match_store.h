// SqliteMatchStore: the embedded MatchStore, one SQLite file in WAL mode.
//
// Safe for concurrent use without external locking. Commits are serialised
// on one writer connection; reads run on a small pool of their own
// connections, so a slow feed reader never delays a commit (WAL lets
// readers and the writer proceed at once, each reader on a consistent
// snapshot).
//
// Durability. Each CommitBatch is one SQLite transaction holding the batch's
// matches, their evidence and the connector's checkpoint. With the default
// synchronous=NORMAL a committed batch survives a crash of the process
// (kill -9, abort): the WAL is written before CommitBatch returns. After a
// power loss or kernel crash the last few transactions may roll back; since
// matches and checkpoint roll back together, the connector resumes from the
// older checkpoint and reads those posts again, so no match is lost (only
// re-derived). Options::synchronous_full also syncs the WAL on every commit
// so that no re-read is ever needed, at a large cost in commit latency.
//
// Layout. Table `matches`: the sequence (INTEGER PRIMARY KEY AUTOINCREMENT,
// so a number is never handed out twice even after retention deleted it),
// match_id (UNIQUE: what makes a re-commit a no-op), the columns a filter
// asks for (connector, platform, taxon_id, appendix, severity,
// ruleset_version, matched_at_ms, each indexed) and the whole match as CBOR
// (match_codec.h). Table `evidence`: the raw bytes once per raw_sha256.
// Table `checkpoints`: connector -> checkpoint bytes and when they were set.
// PRAGMA application_id marks the file as a match store and PRAGMA
// user_version holds the schema version.
//
// Usage:
//
//   SqliteMatchStore::Options options;
//   options.path = data_dir + "/matches.db";
//   StatusOr<std::unique_ptr<SqliteMatchStore>> store =
//       SqliteMatchStore::Open(options);
//   if (!store.ok()) return store.status();
//   std::vector<Match> batch = ...;
//   Status s = (*store)->CommitBatch("forum-x", &batch, "page=7");
//
// One SqliteMatchStore per file at a time: the sequence counter is cached
// in memory, so a second writer (another daemon on the same data_dir) would
// make commits fail on sequence conflicts. Reading the file with other tools
// (the sqlite3 shell, a backup) while the store runs is fine.

#ifndef WILDWATCH_HOST_STORE_SQLITE_MATCH_STORE_H_
#define WILDWATCH_HOST_STORE_SQLITE_MATCH_STORE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/match.h"
#include "host/core/status.h"
#include "host/store/match_store.h"

namespace wildwatch {

class SqliteMatchStore final : public MatchStore {
 public:
  // The version of the schema this build creates and reads. Part of the
  // persistent format: bump it (and teach Open to migrate) on any change.
  static constexpr int kSchemaVersion = 1;

  struct Options {
    // Behaviour.

    // The database file; created with its schema when missing. The daemon
    // uses <data_dir>/matches.db. SQLite keeps <path>-wal and <path>-shm
    // beside it while the store is open. No default: must be set.
    std::string path;

    // false (default): synchronous=NORMAL, durable against a process crash;
    // a power loss may roll back the last commits, which the connectors then
    // read again (see the top of this file). true: synchronous=FULL, also
    // durable against a power loss, at the cost of an fsync of the WAL per
    // commit, which caps commits per second at the disk's sync rate.
    bool synchronous_full = false;

    // Retention; 0 (default) keeps everything. Older matches are dropped
    // (oldest sequence first) as part of the commit that goes over the
    // limit, with their evidence unless a kept match shares it. A match_id
    // that retention dropped is no longer known: a re-read of that post would
    // store it again with a new sequence.

    // At most this many matches are held after any commit.
    uint64_t retention_max_matches = 0;
    // Matches whose matched_at_ms is older than this are dropped. Only a
    // prefix of the log is dropped: the first match (in sequence order)
    // still young enough protects every later one, so the held range never
    // has holes even if the wall clock stepped back. Usually costs one
    // comparison per commit: the database is asked only when the oldest
    // match held may have expired.
    std::chrono::milliseconds retention_max_age{0};

    // Performance.

    // How long a statement waits for a lock held by another connection to
    // the file (another process's checkpoint, a backup) before failing with
    // UNAVAILABLE. Longer rides out longer interruptions; shorter reports a
    // stuck file sooner. The connector runtime retries failed commits.
    std::chrono::milliseconds busy_timeout{5000};
  };

  // Opens the store at options.path, creating the file and its schema if
  // missing, and applies retention once. On success returns the store; the
  // caller owns it and must destroy it only after every call into it has
  // returned. On failure returns, naming the file:
  //   DATA_LOSS            the file is not a SQLite database, or is corrupt;
  //   FAILED_PRECONDITION  the file is a SQLite database but not a match
  //                        store, or has a schema version this build does
  //                        not know (e.g. written by a newer release), or
  //                        cannot be opened for writing;
  //   INVALID_ARGUMENT     options.path is empty;
  //   other codes          per SqliteError (sqlite_connection.h).
  static StatusOr<std::unique_ptr<SqliteMatchStore>> Open(
      const Options& options);

  // Not copyable or movable: waiters and the connections refer to it.
  SqliteMatchStore(const SqliteMatchStore&) = delete;
  SqliteMatchStore& operator=(const SqliteMatchStore&) = delete;
  ~SqliteMatchStore() override;

  // MatchStore. CommitBatch keeps the evidence of a newly stored match whose
  // raw_sha256 is not empty, trusting that hash (the connector runtime
  // computed it); a match with an empty raw_sha256 keeps none.
  Status CommitBatch(std::string_view connector, std::vector<Match>* matches,
                     std::optional<std::string_view> checkpoint) override;
  StatusOr<std::optional<std::string>> LoadCheckpoint(
      std::string_view connector) override;
  StatusOr<std::vector<Match>> ReadFrom(uint64_t from_sequence,
                                        size_t limit) override;
  StatusOr<std::vector<Match>> Query(const MatchQuery& query) override;
  StatusOr<std::optional<Match>> FindMatch(std::string_view match_id) override;
  StatusOr<std::optional<std::string>> LoadEvidence(
      std::string_view sha256) override;
  uint64_t LastSequence() override;
  uint64_t OldestSequence() override;
  bool WaitForSequence(uint64_t after,
                       std::chrono::steady_clock::time_point deadline) override;
  void Shutdown() override;

 private:
  struct Writer;  // The write connection and its statements.
  struct Reader;  // One read connection and its statements.

  SqliteMatchStore(const Options& options, std::unique_ptr<Writer> writer,
                   uint64_t last_sequence, uint64_t oldest_sequence);

  // Inside the open write transaction: stores what is new of matches (bodies
  // holds their encodings, same order), setting (*sequences)[i] for each one
  // stored, upserts the checkpoint and applies retention, setting *oldest to
  // the oldest sequence held afterwards. Leaves the transaction to the
  // caller to commit or roll back. REQUIRES: write_mu_ held.
  Status WriteBatchLocked(std::string_view connector,
                          const std::vector<Match>& matches,
                          const std::vector<std::string>& bodies,
                          std::optional<std::string_view> checkpoint,
                          std::vector<uint64_t>* sequences, uint64_t* oldest);

  // Drops the matches retention no longer holds, given that last is the
  // newest sequence; *oldest is the oldest held on entry and is updated.
  // REQUIRES: write_mu_ held; a write transaction is open.
  Status ApplyRetentionLocked(uint64_t last, uint64_t* oldest);

  // Runs one read transaction on an idle reader (opening a reader if none is
  // idle). A reader that saw an error is closed rather than reused, so a
  // connection in an unknown state never serves another call.
  template <typename T, typename Fn>
  StatusOr<T> WithReader(Fn fn);

  // Constant after construction.
  const Options options_;

  // Has its own synchronisation. Written only under write_mu_ (and
  // last_sequence_ also under wait_mu_, so a waiter cannot miss a wake-up).
  std::atomic<uint64_t> last_sequence_;
  std::atomic<uint64_t> oldest_sequence_;

  // Protected by write_mu_.
  std::mutex write_mu_;
  std::unique_ptr<Writer> writer_;
  // matched_at_ms of the oldest match held, when known; std::nullopt when
  // unknown (retention must ask the database) or nothing is held.
  std::optional<int64_t> oldest_matched_at_ms_;

  // Protected by readers_mu_.
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Reader>> idle_readers_;

  // Protected by wait_mu_.
  std::mutex wait_mu_;
  std::condition_variable wait_cv_;
  bool shutdown_ = false;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_STORE_SQLITE_MATCH_STORE_H_
