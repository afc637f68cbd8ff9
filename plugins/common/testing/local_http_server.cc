#include "plugins/common/testing/local_http_server.h"

#include <cassert>
#include <chrono>

namespace wildwatch::plugins::testing {

LocalHttpServer::LocalHttpServer() {
  server_.set_pre_routing_handler(
      [this](const httplib::Request&, httplib::Response& res) {
        return InjectFaults(res);
      });
}

LocalHttpServer::~LocalHttpServer() {
  if (thread_.joinable()) {
    server_.stop();
    thread_.join();
  }
}

bool LocalHttpServer::Start() {
  assert(!thread_.joinable());
  // httplib writes headers and body separately; with Nagle's algorithm the
  // body then waits for the client's delayed ACK, ~40 ms per response.
  server_.set_tcp_nodelay(true);
  int port = server_.bind_to_any_port("127.0.0.1");
  if (port <= 0) return false;
  port_ = port;
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so the destructor could
  // otherwise hang on a server that had not started yet.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

std::string LocalHttpServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void LocalHttpServer::FailNext(std::vector<int> statuses) {
  std::lock_guard lock(mu_);
  fail_with_.assign(statuses.begin(), statuses.end());
}

httplib::Server::HandlerResponse LocalHttpServer::InjectFaults(
    httplib::Response& res) {
  ++requests_;
  std::this_thread::sleep_for(delay_.load());
  std::lock_guard lock(mu_);
  if (fail_with_.empty()) return httplib::Server::HandlerResponse::Unhandled;
  res.status = fail_with_.front();
  fail_with_.pop_front();
  if (res.status == 429) res.set_header("Retry-After", "0");
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace wildwatch::plugins::testing
