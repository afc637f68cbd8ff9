// MatchStore: the durable, ordered log of matches, plus each connector
// instance's checkpoint.
//
// The connector runtime commits each batch's matches together with the
// checkpoint that batch completes, in one atomic step, so after a crash at
// any moment a connector resumes right after the last committed batch and
// no match is lost or stored twice (matches whose match_id is already stored
// are skipped). Every stored match gets the next sequence number; sequence
// numbers start at 1, only grow, and are never reused, even after retention
// drops old matches.
//
// The feed reads the log from any cursor and waits for new matches through
// WaitForSequence, which blocks without polling.
//
// Implementations are safe for concurrent use without external locking: any
// number of threads may commit and read at once.
//
// The embedded implementation is SqliteMatchStore (sqlite_match_store.h). A
// multi-host deployment plugs in another implementation (NATS JetStream)
// behind this same interface.

#ifndef WILDWATCH_HOST_STORE_MATCH_STORE_H_
#define WILDWATCH_HOST_STORE_MATCH_STORE_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/match.h"
#include "host/core/status.h"

namespace wildwatch {

// Which matches MatchStore::Query returns. Each non-empty list narrows the
// result (an empty one matches everything) and all conditions hold at once;
// every condition is on an indexed column, so a query never decodes a match
// it does not return.
struct MatchQuery {
  std::vector<std::string> taxon_ids;   // Exact taxon ids.
  std::vector<std::string> appendices;  // "I", "II", "III".
  std::vector<std::string> platforms;   // Exact platform labels.
  std::optional<Severity> min_severity;
  // matched_at_ms in [matched_from_ms, matched_until_ms); kTimeUnknown
  // leaves that end open.
  int64_t matched_from_ms = kTimeUnknown;
  int64_t matched_until_ms = kTimeUnknown;
  uint64_t after_sequence = 0;  // Only sequences greater than this.
  size_t limit = 100;
};

class MatchStore {
 public:
  virtual ~MatchStore() = default;

  // Atomically stores the matches not already stored (by match_id) and sets
  // the checkpoint of connector to checkpoint (unless checkpoint is
  // std::nullopt, which leaves it unchanged). On success, each element of
  // *matches that was newly stored has its sequence set; duplicates keep
  // sequence 0. On failure nothing is stored and *matches is unchanged.
  // Wakes every WaitForSequence caller when something new was stored.
  // REQUIRES: matches != nullptr; every match has a non-empty match_id.
  virtual Status CommitBatch(std::string_view connector,
                             std::vector<Match>* matches,
                             std::optional<std::string_view> checkpoint) = 0;

  // The last checkpoint committed for connector, or std::nullopt if none.
  virtual StatusOr<std::optional<std::string>> LoadCheckpoint(
      std::string_view connector) = 0;

  // Up to limit matches with sequence >= from_sequence, in sequence order,
  // each with every field as committed except post.raw, which is empty (see
  // LoadEvidence).
  // Returns OUT_OF_RANGE, naming OldestSequence(), if from_sequence is
  // greater than 0 and older than the oldest match retention still holds
  // (a caller is never silently handed a gap). from_sequence 0 reads from
  // the oldest match held.
  virtual StatusOr<std::vector<Match>> ReadFrom(uint64_t from_sequence,
                                                size_t limit) = 0;

  // Up to query.limit matches satisfying query, in sequence order, each as
  // ReadFrom returns it. To page, pass the last sequence returned as the
  // next query's after_sequence.
  virtual StatusOr<std::vector<Match>> Query(const MatchQuery& query) = 0;

  // The stored match with this match_id (post.raw empty, as ReadFrom), or
  // std::nullopt when none is held.
  virtual StatusOr<std::optional<Match>> FindMatch(
      std::string_view match_id) = 0;

  // The evidence bytes of the stored matches whose raw_sha256 is sha256 (the
  // post's raw bytes, or its text when it had none), or std::nullopt when no
  // match held carries that hash. Matches read back carry an empty post.raw;
  // this is how the evidence is fetched, once per distinct hash.
  virtual StatusOr<std::optional<std::string>> LoadEvidence(
      std::string_view sha256) = 0;

  // Sequence of the newest stored match; 0 when nothing was ever stored.
  virtual uint64_t LastSequence() = 0;
  // Sequence of the oldest match still held; LastSequence() + 1 when none is
  // held.
  virtual uint64_t OldestSequence() = 0;

  // Blocks until LastSequence() > after, deadline passes, or Shutdown() is
  // called. Returns true if LastSequence() > after on return. Costs no CPU
  // while waiting (condition variable, no polling).
  virtual bool WaitForSequence(
      uint64_t after, std::chrono::steady_clock::time_point deadline) = 0;

  // Wakes every waiter for good: WaitForSequence returns at once from now
  // on. Called when the daemon stops.
  virtual void Shutdown() = 0;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_STORE_MATCH_STORE_H_
