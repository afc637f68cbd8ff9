#include "plugins/common/http/polling_connector.h"

#include <algorithm>
#include <thread>

namespace wildwatch::plugins {

PollingConnector::PollingConnector(const sdk::CreateArgs& args,
                                   std::chrono::milliseconds poll_interval)
    : Connector(args), poll_interval_(poll_interval) {}

ww_status PollingConnector::NextBatch(const sdk::BatchRequest& request,
                                      sdk::Batch& out) {
  using Clock = std::chrono::steady_clock;
  if (queue_.empty()) {
    Clock::time_point now = Clock::now();
    if (now < next_poll_) {
      std::this_thread::sleep_for(
          std::min<Clock::duration>(request.timeout, next_poll_ - now));
      if (Clock::now() < next_poll_) return WW_STATUS_NO_DATA;
    }
    std::deque<QueuedItem> found;
    Poll(found);
    queue_ = std::move(found);
    next_poll_ = Clock::now() + poll_interval_;
  }
  while (!queue_.empty() && out.posts.size() < request.max_posts) {
    QueuedItem& item = queue_.front();
    if (item.commit) item.commit();
    if (item.post.has_value()) out.posts.push_back(std::move(*item.post));
    queue_.pop_front();
  }
  out.checkpoint = Checkpoint();
  return out.posts.empty() ? WW_STATUS_NO_DATA : WW_STATUS_OK;
}

void PollingConnector::ReportMalformed(const std::string& what) const {
  Log(WW_LOG_WARN, "skipping malformed item: " + what);
  AddCounter("malformed_items");
}

void PollingConnector::ThrowIfError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
    case StatusCode::kFailedPrecondition:
      throw sdk::ConfigError(status.message());
    default:
      throw sdk::TransientError(status.message());
  }
}

}  // namespace wildwatch::plugins
