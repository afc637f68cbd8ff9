// LocalHttpServer: a real HTTP server on 127.0.0.1 for connector tests.
//
// Connector tests talk to a live socket rather than a mock, so the whole
// client path (libcurl, headers, timeouts, retries) is exercised. The server
// binds 127.0.0.1 only, on a port the kernel picks (tests never collide),
// serves from its own thread and is stopped and joined by its destructor.
// Handlers are cpp-httplib's, so a test scripts any status, header, body or
// delay:
//
//   LocalHttpServer server;
//   server.http().Get("/feed.xml", [](const httplib::Request& req,
//                                     httplib::Response& res) {
//     res.set_content(kFeed, "application/rss+xml");
//   });
//   ASSERT_TRUE(server.Start());
//   std::string url = server.url() + "/feed.xml";  // http://127.0.0.1:NNNNN
//
// Every request is counted, and may be delayed or failed before it reaches
// the handlers, so a test of retries and timeouts scripts the faults without
// writing them into each handler:
//
//   server.FailNext({429, 503});            // Then the handlers answer.
//   server.SetDelay(milliseconds(300));     // Every request, from now on.
//   EXPECT_EQ(server.requests(), 3);
//
// Register handlers before Start, and no pre-routing handler of your own:
// the faults are injected by one. Handlers run on the server's worker
// threads, so state they share with the test needs its own locking (or
// atomics), and must outlive the server: declare a LocalHttpServer member
// after the members its handlers use, so it is destroyed (and its handlers
// finished) first. The fault methods are safe to call from any thread at
// any time. Not copyable or movable: the serving thread refers to it.

#ifndef WILDWATCH_PLUGINS_COMMON_TESTING_LOCAL_HTTP_SERVER_H_
#define WILDWATCH_PLUGINS_COMMON_TESTING_LOCAL_HTTP_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wildwatch::plugins::testing {

class LocalHttpServer {
 public:
  LocalHttpServer();
  // Stops the server and joins its thread. A handler still running (a test
  // simulating a slow response) is waited for.
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  // The underlying server, to register handlers on. Valid for the lifetime
  // of this object.
  httplib::Server& http() { return server_; }

  // Binds 127.0.0.1 on a free port and starts serving. Returns false if the
  // bind failed or the server did not come up within 5 seconds.
  // REQUIRES: not started yet.
  bool Start();

  // Port bound by Start; 0 before.
  int port() const { return port_; }
  // "http://127.0.0.1:<port>", without a trailing slash.
  std::string url() const;

  // The next requests, one status each in order, are answered with these
  // statuses and an empty body instead of reaching a handler. A 429 carries
  // "Retry-After: 0", so a client honouring it retries at once. Replaces
  // failures still queued.
  void FailNext(std::vector<int> statuses);
  // Every request from now on waits this long before it is answered (or
  // failed), to run a client into its timeout. Zero, the default, is none.
  void SetDelay(std::chrono::milliseconds delay) { delay_ = delay; }
  // Requests received so far, failed ones included.
  int requests() const { return requests_; }

 private:
  // The pre-routing handler: counts, delays, and fails a request if a
  // failure is queued (Handled) or passes it on to the routes (Unhandled).
  httplib::Server::HandlerResponse InjectFaults(httplib::Response& res);

  std::mutex mu_;
  std::deque<int> fail_with_;  // Guarded by mu_.
  std::atomic<std::chrono::milliseconds> delay_{std::chrono::milliseconds(0)};
  std::atomic<int> requests_{0};
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace wildwatch::plugins::testing

#endif  // WILDWATCH_PLUGINS_COMMON_TESTING_LOCAL_HTTP_SERVER_H_
