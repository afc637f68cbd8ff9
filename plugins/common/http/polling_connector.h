// PollingConnector: the NextBatch loop shared by connectors that poll a
// remote source (an API, a feed) at an interval.
//
// A poll may return more items than the host asks for in one batch, and the
// host commits a checkpoint after every batch. So a poll does not change the
// connector's resumable state directly: it queues each item with the state
// change that handing it over commits ("newest id is now 1234", "id x has
// been seen"). NextBatch hands items over in queue order, applies their
// commits, and returns Checkpoint() of the state reached, which therefore
// always describes exactly what the host has received: a restart neither
// loses the rest of a poll nor repeats what was handed over.
//
// A subclass implements Poll and Checkpoint:
//
//   void Poll(std::deque<QueuedItem>& queue) override {
//     for (Item& item : FetchNewItems()) {
//       queue.push_back({ToPost(item), [this, id = item.id] { newest_ = id;
//       }});
//     }
//   }
//   std::string Checkpoint() const override { return newest_; }
//
// Between polls NextBatch waits (up to the host's timeout) for the poll
// interval to pass and returns WW_STATUS_NO_DATA meanwhile. Errors a poll
// throws (see ThrowIfError) go to the host, which retries after its backoff;
// the failed poll is retried on the next call.
// Thread-compatible, like every Connector.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_POLLING_CONNECTOR_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_POLLING_CONNECTOR_H_

#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "host/core/status.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins {

// One item a poll found, in the order it is to be handed to the host.
struct QueuedItem {
  // The post; nullopt for an item that is skipped (malformed) but whose
  // position must still be passed, so it is not re-read after a restart.
  std::optional<sdk::Post> post;
  // Applies the state change of handing this item over. May be empty.
  std::function<void()> commit;
};

class PollingConnector : public sdk::Connector {
 public:
  ww_status NextBatch(const sdk::BatchRequest& request, sdk::Batch& out) final;

  // Throws the sdk error matching status when it is not OK, with its
  // message: INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED,
  // UNAUTHENTICATED and FAILED_PRECONDITION mean the configuration cannot
  // work (ConfigError); anything else may pass (TransientError).
  static void ThrowIfError(const Status& status);

 protected:
  PollingConnector(const sdk::CreateArgs& args,
                   std::chrono::milliseconds poll_interval);

  // Fetches what is new since the committed state (plus the commits of
  // items already queued, which are all applied before Poll is called:
  // it runs only on an empty queue) and appends it to queue. May throw
  // sdk::Error; items it appended before throwing are discarded.
  virtual void Poll(std::deque<QueuedItem>& queue) = 0;

  // The resumable state after the commits applied so far, in the format
  // the constructor of the subclass reads back.
  virtual std::string Checkpoint() const = 0;

  // Logs a malformed item (what: why and where, no secrets) and counts it
  // in "malformed_items".
  void ReportMalformed(const std::string& what) const;

 private:
  const std::chrono::milliseconds poll_interval_;
  std::deque<QueuedItem> queue_;
  // When the next poll is due; the first poll is due at once.
  std::chrono::steady_clock::time_point next_poll_{};
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_POLLING_CONNECTOR_H_
