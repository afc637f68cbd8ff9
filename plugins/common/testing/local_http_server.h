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
// Register handlers before Start. Handlers run on the server's worker
// threads, so state they share with the test needs its own locking (or
// atomics), and must outlive the server: declare a LocalHttpServer member
// after the members its handlers use, so it is destroyed (and its handlers
// finished) first. Not copyable or movable: the serving thread refers to it.

#ifndef WILDWATCH_PLUGINS_COMMON_TESTING_LOCAL_HTTP_SERVER_H_
#define WILDWATCH_PLUGINS_COMMON_TESTING_LOCAL_HTTP_SERVER_H_

#include <httplib.h>

#include <string>
#include <thread>

namespace wildwatch::plugins::testing {

class LocalHttpServer {
 public:
  LocalHttpServer() = default;
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

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace wildwatch::plugins::testing

#endif  // WILDWATCH_PLUGINS_COMMON_TESTING_LOCAL_HTTP_SERVER_H_
