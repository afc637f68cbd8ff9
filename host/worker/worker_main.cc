#include "host/worker/worker_main.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>

#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"
#include "host/worker/batch_codec.h"
#include "host/worker/frame_io.h"
#include "host/worker/worker_protocol.pb.h"

namespace wildwatch {

namespace {

// Sends replies, whole and one at a time: the plugin may log from its own
// threads while the worker's thread sends a batch.
class ReplyWriter : public ConnectorHost {
 public:
  explicit ReplyWriter(int fd) : fd_(fd) {}

  bool Send(const worker::Reply& reply) {
    std::lock_guard lock(mu_);
    return WriteFrame(fd_, reply);
  }

  void Log(ww_log_level level, std::string_view message) override {
    worker::Reply reply;
    reply.mutable_log()->set_level(level);
    reply.mutable_log()->set_message(std::string(message));
    Send(reply);
  }

  void AddCounter(std::string_view name, uint64_t delta) override {
    worker::Reply reply;
    reply.mutable_counter()->set_name(std::string(name));
    reply.mutable_counter()->set_delta(delta);
    Send(reply);
  }

 private:
  const int fd_;
  std::mutex mu_;
};

// The data segment as /proc/self/statm counts it (data + stack), in bytes.
uint64_t DataBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0, shared = 0, text = 0, lib = 0, data = 0;
  statm >> size >> resident >> shared >> text >> lib >> data;
  return data * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

void LimitMemory(uint64_t bytes) {
  if (bytes == 0) return;
  rlimit limit{bytes, bytes};
  if (setrlimit(RLIMIT_DATA, &limit) != 0) {
    std::perror("wildwatchd worker: setrlimit(RLIMIT_DATA)");
  }
}

worker::Reply OpenedReply(const Status& status) {
  worker::Reply reply;
  reply.mutable_opened()->set_code(static_cast<int>(status.code()));
  reply.mutable_opened()->set_message(status.message());
  return reply;
}

int Serve(int fd) {
  FrameReader reader(fd);
  ReplyWriter writer(fd);
  worker::Request request;
  if (reader.Read(std::chrono::milliseconds(-1), &request) !=
          FrameReader::Result::kFrame ||
      !request.has_open()) {
    return kWorkerProtocolExit;
  }
  const worker::OpenRequest& open = request.open();
  LimitMemory(open.memory_limit_bytes());
  auto library = PluginLibrary::Load(open.plugin_path());
  if (!library.ok()) {
    writer.Send(OpenedReply(library.status()));
    return 0;
  }
  std::optional<std::string> checkpoint;
  if (open.has_checkpoint()) checkpoint = open.checkpoint();
  auto instance = ConnectorInstance::Create(*library, open.config_json(),
                                            checkpoint, &writer);
  if (!writer.Send(OpenedReply(instance.status())) || !instance.ok()) return 0;

  for (;;) {
    switch (reader.Read(std::chrono::milliseconds(-1), &request)) {
      case FrameReader::Result::kFrame:
        break;
      case FrameReader::Result::kClosed:
        return 0;  // The host is gone or done with us.
      default:
        return kWorkerProtocolExit;
    }
    if (request.has_close()) return 0;  // ~ConnectorInstance destroys.
    if (!request.has_next_batch()) return kWorkerProtocolExit;
    const BatchResult batch = (*instance)->NextBatch(
        std::max(1u, request.next_batch().max_posts()),
        std::chrono::milliseconds(request.next_batch().timeout_ms()));
    worker::Reply reply;
    EncodeBatch(batch, reply.mutable_batch());
    reply.mutable_batch()->set_memory_bytes(DataBytes());
    if (!writer.Send(reply)) return 0;
  }
}

}  // namespace

int RunWorker(int fd, pid_t parent) {
  // Die with the host, and check it did not die before this line.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) return 0;
  std::signal(SIGHUP, SIG_IGN);  // The host's to handle, not ours.
  int code;
  try {
    code = Serve(fd);
  } catch (const std::bad_alloc&) {
    code = kWorkerOutOfMemoryExit;
  }
  close(fd);
  return code;
}

}  // namespace wildwatch
