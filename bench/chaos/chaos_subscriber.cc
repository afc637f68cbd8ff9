// wildwatch_chaos_subscriber: a subscriber that survives kill -9 exactly
// once, for bench/chaos.
//
// Its output file is its cursor: one line per match,
//   <sequence> TAB <match_id> TAB <connector> TAB <post_id> TAB <rule_id>
// each written with a single write(2). On start it drops a torn last line
// (a kill in the middle of a write), resumes from the sequence after the
// last whole one, and so neither repeats nor skips a match however often it
// is killed. It reconnects with a short backoff until SIGTERM.
//
// --stall subscribes and then reads nothing, like a client whose consumer
// hung: the daemon must not let it hold up the others.
//
// Usage: wildwatch_chaos_subscriber --server HOST:PORT --token T --out FILE
//                                   [--stall]
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace {

namespace v1 = wildwatch::v1;

std::atomic<bool> stop{false};

// Truncates a torn last line of path and returns the next sequence to ask
// for (0 when the file is empty or missing).
uint64_t Recover(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  const size_t end = content.rfind('\n');
  const size_t keep = end == std::string::npos ? 0 : end + 1;
  if (keep != content.size()) {
    if (truncate(path.c_str(), static_cast<off_t>(keep)) != 0) {
      std::perror("truncate");
    }
  }
  if (keep == 0) return 0;
  const size_t start = content.rfind('\n', keep - 2);
  const std::string last =
      content.substr(start == std::string::npos ? 0 : start + 1);
  return std::stoull(last) + 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench/chaos subscriber"};
  std::string server, token, out;
  bool stall = false;
  app.add_option("--server", server)->required();
  app.add_option("--token", token)->required();
  app.add_option("--out", out)->required();
  app.add_flag("--stall", stall);
  CLI11_PARSE(app, argc, argv);
  std::signal(SIGTERM, [](int) { stop = true; });

  uint64_t next = Recover(out);
  const int fd = open(out.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) {
    std::perror(out.c_str());
    return 1;
  }
  auto stub = v1::MatchFeed::NewStub(
      grpc::CreateChannel(server, grpc::InsecureChannelCredentials()));
  while (!stop) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    v1::SubscribeRequest request;
    request.set_from_sequence(next);
    auto reader = stub->Subscribe(&context, request);
    if (stall) {
      while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      context.TryCancel();
      reader->Finish().ok();
      break;
    }
    // SIGTERM only sets a flag; this thread turns it into a cancel of the
    // blocking read.
    std::atomic<bool> finished{false};
    std::thread canceller([&] {
      while (!stop && !finished) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (stop) context.TryCancel();
    });
    v1::SubscribeResponse response;
    while (reader->Read(&response)) {
      if (!response.has_match()) continue;
      const v1::Match& m = response.match();
      if (m.sequence() < next) continue;
      const std::string line = std::to_string(m.sequence()) + "\t" +
                               m.match_id() + "\t" + m.connector() + "\t" +
                               m.post().id() + "\t" + m.rule_id() + "\n";
      if (write(fd, line.data(), line.size()) !=
          static_cast<ssize_t>(line.size())) {
        std::perror("write");
        return 1;
      }
      next = m.sequence() + 1;
    }
    const grpc::Status status = reader->Finish();
    finished = true;
    canceller.join();
    if (!stop) {
      std::cerr << "chaos subscriber: " << status.error_code() << " "
                << status.error_message() << "; reconnecting from " << next
                << "\n";
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  close(fd);
  return 0;
}
