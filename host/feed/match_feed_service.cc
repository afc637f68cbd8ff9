#include "host/feed/match_feed_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <vector>

#include "host/feed/match_filter.h"
#include "host/feed/match_query.h"
#include "host/feed/proto_convert.h"

namespace wildwatch {

namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Keeps subscribers() right on every way out of Subscribe.
class ScopedCount {
 public:
  explicit ScopedCount(std::atomic<uint32_t>* count) : count_(count) {
    count_->fetch_add(1);
  }
  ~ScopedCount() { count_->fetch_sub(1); }
  ScopedCount(const ScopedCount&) = delete;
  ScopedCount& operator=(const ScopedCount&) = delete;

 private:
  std::atomic<uint32_t>* count_;
};

}  // namespace

MatchFeedService::MatchFeedService(MatchStore* store,
                                   const AccessControl* access,
                                   std::chrono::milliseconds heartbeat)
    : store_(store), access_(access), heartbeat_(heartbeat) {
  assert(heartbeat_.count() > 0);
}

grpc::Status MatchFeedService::Subscribe(
    grpc::ServerContext* context, const v1::SubscribeRequest* request,
    grpc::ServerWriter<v1::SubscribeResponse>* writer) {
  StatusOr<Principal> principal = access_->Authenticate(*context);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  if (Status allowed = CheckMaySubscribe(*principal); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  StatusOr<MatchFilter> filter = MatchFilter::Create(*request, *principal);
  if (!filter.ok()) return ToGrpcStatus(filter.status());

  const grpc::Status shutting_down(grpc::StatusCode::UNAVAILABLE,
                                   "the server is shutting down");
  if (shutting_down_.load()) return shutting_down;
  ScopedCount count(&subscribers_);
  // A cursor past the head would be answered with Progress past the head,
  // and a client saving it would skip every match stored in between.
  if (const uint64_t head = store_->LastSequence();
      request->from_sequence() > head + 1) {
    context->AddTrailingMetadata(kHeadSequenceKey, std::to_string(head));
    return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                        "from_sequence " +
                            std::to_string(request->from_sequence()) +
                            " is past the head of the log (last sequence " +
                            std::to_string(head) + "); resume at " +
                            std::to_string(head + 1) + " or earlier");
  }
  spdlog::info("feed: '{}' ({}) subscribed from sequence {}", principal->name,
               principal->role, request->from_sequence());

  using Clock = std::chrono::steady_clock;
  uint64_t cursor = request->from_sequence();  // Next sequence to read.
  uint64_t examined = cursor > 0 ? cursor - 1 : 0;
  Clock::time_point last_sent = Clock::now();
  v1::SubscribeResponse response;
  while (true) {
    if (context->IsCancelled()) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    }
    if (shutting_down_.load()) return shutting_down;

    // Read before the batch: every match up to `last` is either in a batch
    // that comes back short or was dropped by retention (which ReadFrom
    // reports), so a short batch means all of them were examined.
    const uint64_t last = store_->LastSequence();
    StatusOr<std::vector<Match>> batch = store_->ReadFrom(cursor, kBatchSize);
    if (!batch.ok()) {
      if (batch.status().code() == StatusCode::kOutOfRange) {
        context->AddTrailingMetadata(kOldestSequenceKey,
                                     std::to_string(store_->OldestSequence()));
      }
      return ToGrpcStatus(batch.status());
    }
    for (const Match& m : *batch) {
      examined = m.sequence;
      if (!filter->Matches(m)) continue;
      MatchToProto(m, response.mutable_match());
      if (!writer->Write(response)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "stream closed");
      }
      last_sent = Clock::now();
    }
    const bool caught_up = batch->size() < kBatchSize;
    if (caught_up) examined = std::max(examined, last);
    cursor = examined + 1;

    if (Clock::now() - last_sent >= heartbeat_) {
      v1::Progress* progress = response.mutable_progress();
      progress->set_sequence(examined);
      progress->set_server_time_ms(SystemNowMs());
      if (!writer->Write(response)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "stream closed");
      }
      last_sent = Clock::now();
    }
    if (caught_up) store_->WaitForSequence(examined, last_sent + heartbeat_);
  }
}

grpc::Status MatchFeedService::GetMatch(grpc::ServerContext* context,
                                        const v1::GetMatchRequest* request,
                                        v1::Match* response) {
  StatusOr<Principal> principal = access_->Authenticate(*context);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  if (Status allowed = CheckMaySubscribe(*principal); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  StatusOr<std::optional<Match>> found = store_->FindMatch(request->match_id());
  if (!found.ok()) return ToGrpcStatus(found.status());
  // Another platform's match is "not found", not "denied": a platform token
  // learns nothing of what it may not read.
  if (!found->has_value() || (!principal->platform.empty() &&
                              (*found)->platform != principal->platform)) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no match '" + request->match_id() + "'");
  }
  MatchToProto(**found, response);
  return grpc::Status::OK;
}

grpc::Status MatchFeedService::ListMatches(
    grpc::ServerContext* context, const v1::ListMatchesRequest* request,
    v1::ListMatchesResponse* response) {
  StatusOr<Principal> principal = access_->Authenticate(*context);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  if (Status allowed = CheckMaySubscribe(*principal); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  StatusOr<MatchQuery> query = MatchQueryFromRequest(*request, *principal);
  if (!query.ok()) return ToGrpcStatus(query.status());
  StatusOr<std::vector<Match>> page = store_->Query(*query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const Match& m : *page) MatchToProto(m, response->add_matches());
  // A full page may be followed by more; a short one is the last.
  if (page->size() == query->limit) {
    response->set_next_page_token(PageTokenAfter(page->back().sequence));
  }
  return grpc::Status::OK;
}

}  // namespace wildwatch
