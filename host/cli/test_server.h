// TestServer: a gRPC server on 127.0.0.1 with an ephemeral port, hosting the
// fake services the CLI tests talk to, shut down when it goes out of scope.
//
// Thread-safe once constructed (gRPC serves calls on its own threads).
#ifndef WILDWATCH_HOST_CLI_TEST_SERVER_H_
#define WILDWATCH_HOST_CLI_TEST_SERVER_H_

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <memory>
#include <string>

#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {

class TestServer {
 public:
  // REQUIRES: service outlives *this.
  explicit TestServer(grpc::Service* service) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(service);
    server_ = builder.BuildAndStart();
  }
  ~TestServer() {
    // A bounded shutdown: a stream still open is cancelled, not awaited.
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(5));
  }

  // An address nothing listens on: a server's port, just closed. For tests
  // of a daemon that is down.
  static std::string ClosedAddress() {
    v1::MatchFeed::Service none;
    return TestServer(&none).address();
  }

  // Empty when the server did not start.
  std::string address() const {
    return server_ != nullptr && port_ > 0
               ? "127.0.0.1:" + std::to_string(port_)
               : "";
  }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_TEST_SERVER_H_
