// MatchFeedService: the MatchFeed gRPC service (synchronous API).
//
// Each Subscribe call runs on its own gRPC handler thread and reads the
// store independently from its own cursor, so every subscriber sees every
// match it is entitled to (fan-out) and a slow one holds up nobody else.
// A stream first replays stored matches from the requested sequence, then
// follows live ones, always in sequence order. Once caught up it blocks in
// MatchStore::WaitForSequence (no polling); when nothing was sent for one
// heartbeat interval it sends Progress{last sequence examined}, so a client
// whose filter matches rarely can still resume without a gap.
//
// A stream ends when the client cancels (noticed on the next wake, i.e.
// within one heartbeat interval), when the store answers with an error
// (OUT_OF_RANGE after retention is passed on as is, with the oldest held
// sequence in the trailing metadata kOldestSequenceKey), or after Shutdown()
// with UNAVAILABLE, which tells a client to reconnect later. A cursor past
// the head of the log is refused with OUT_OF_RANGE, the head in the message
// and in kHeadSequenceKey: answering it would hand out Progress past the
// head, and a client saving that would skip what is stored in between.
// (google.rpc.ErrorInfo would be the standard carrier, but Debian ships no
// C++ build of google/rpc/*.proto.)
//
// Safe for concurrent use: that is what gRPC does with it.

#ifndef WILDWATCH_HOST_FEED_MATCH_FEED_SERVICE_H_
#define WILDWATCH_HOST_FEED_MATCH_FEED_SERVICE_H_

#include <atomic>
#include <chrono>
#include <cstdint>

#include "host/feed/access.h"
#include "host/store/match_store.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch {

class MatchFeedService final : public v1::MatchFeed::Service {
 public:
  // Trailing metadata of OUT_OF_RANGE answers, as decimal sequences.
  static constexpr char kHeadSequenceKey[] = "wildwatch-head-sequence";
  static constexpr char kOldestSequenceKey[] = "wildwatch-oldest-sequence";

  // store and access must outlive the service. REQUIRES: heartbeat > 0.
  MatchFeedService(MatchStore* store, const AccessControl* access,
                   std::chrono::milliseconds heartbeat);

  MatchFeedService(const MatchFeedService&) = delete;
  MatchFeedService& operator=(const MatchFeedService&) = delete;

  grpc::Status Subscribe(
      grpc::ServerContext* context, const v1::SubscribeRequest* request,
      grpc::ServerWriter<v1::SubscribeResponse>* writer) override;

  // Both read the store through its indexes (MatchStore::Query), never by
  // decoding matches they do not return.
  grpc::Status GetMatch(grpc::ServerContext* context,
                        const v1::GetMatchRequest* request,
                        v1::Match* response) override;
  grpc::Status ListMatches(grpc::ServerContext* context,
                           const v1::ListMatchesRequest* request,
                           v1::ListMatchesResponse* response) override;

  // Streams open right now.
  uint32_t subscribers() const { return subscribers_.load(); }

  // Makes every stream end with UNAVAILABLE at its next wake and refuses new
  // ones. Does not wake them: the caller then calls MatchStore::Shutdown().
  void Shutdown() { shutting_down_.store(true); }

 private:
  // How many matches one ReadFrom returns: bounds the memory a replaying
  // stream holds while still amortising the query over many matches.
  static constexpr size_t kBatchSize = 256;

  // Constant after construction.
  MatchStore* const store_;
  const AccessControl* const access_;
  const std::chrono::milliseconds heartbeat_;

  // Atomic.
  std::atomic<uint32_t> subscribers_{0};
  std::atomic<bool> shutting_down_{false};
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_MATCH_FEED_SERVICE_H_
