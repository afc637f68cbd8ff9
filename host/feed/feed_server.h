// FeedServer: the gRPC server of wildwatchd.
//
// Serves MatchFeed and Admin (see wildwatch/v1/wildwatch.proto), the
// standard grpc.health.v1.Health service and server reflection (so grpcurl
// works without the .proto); the last two need no token.
//
// Lifecycle: construct, Start() once, Shutdown() once (the destructor calls
// it if needed). Usage:
//
//   FeedServer::Options options;
//   options.listen = "127.0.0.1:0";
//   options.subscribers = {{"interpol", token, "agency"}};
//   FeedServer server(&store, &backend, options);
//   StatusOr<int> port = server.Start();  // The port actually bound.
//   ...
//   server.Shutdown();
//
// Start and Shutdown must not race each other; subscribers() is safe from
// any thread.

#ifndef WILDWATCH_HOST_FEED_FEED_SERVER_H_
#define WILDWATCH_HOST_FEED_FEED_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/core/status.h"
#include "host/feed/access.h"

namespace grpc {
class Server;
}

namespace wildwatch {

class AdminBackend;
class AdminService;
class MatchFeedService;
class MatchStore;

class FeedServer {
 public:
  struct Options {
    // Behaviour.

    // host:port to listen on, plain TCP (put TLS in front, or keep it on
    // loopback). Port 0 picks a free port; Start() returns it.
    std::string listen = "127.0.0.1:7700";
    // A quiet stream gets a Progress message this often. Shorter lets
    // clients save their cursor more often and notice a dead server sooner,
    // at one small message per stream each time.
    std::chrono::milliseconds heartbeat{5000};
    // Who may connect, and as what (see access.h).
    std::vector<SubscriberConfig> subscribers;

    // Performance.

    // Largest message sent or received, in bytes. A match carries its
    // post's text, which connectors cap at 4 MiB by default; 16 MiB leaves
    // room for title, attributes and spans.
    int max_message_size = 16 << 20;
  };

  // store and admin must be non-null and outlive the server.
  FeedServer(MatchStore* store, AdminBackend* admin, Options options);
  ~FeedServer();

  FeedServer(const FeedServer&) = delete;
  FeedServer& operator=(const FeedServer&) = delete;

  // Checks the subscribers, binds and starts serving. Returns the bound
  // port. Fails with INVALID_ARGUMENT for a bad subscriber table and
  // UNAVAILABLE when the address cannot be bound; nothing is left running
  // then. REQUIRES: not started before.
  StatusOr<int> Start();

  // Stops serving. Streams are woken at once through MatchStore::Shutdown()
  // (so call this only when nothing waits on the store for other reasons:
  // the daemon stops its connectors first) and end with UNAVAILABLE; calls
  // still running after `grace` are cancelled. Returns when every handler
  // has returned. Does nothing if not started or already shut down.
  void Shutdown(std::chrono::milliseconds grace = std::chrono::seconds(2));

  // Streams open right now; 0 before Start.
  uint32_t subscribers() const;

 private:
  // Constant after construction.
  MatchStore* const store_;
  AdminBackend* const admin_;
  const Options options_;

  // Set by Start, read by Shutdown; the two never race (see above).
  std::optional<AccessControl> access_;
  std::unique_ptr<MatchFeedService> feed_;
  std::unique_ptr<AdminService> admin_service_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_FEED_SERVER_H_
