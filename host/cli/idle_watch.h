// IdleWatch ends a subscription that saw no match for a while: it cancels
// the call in flight (Read() would otherwise block until the next message)
// and cuts a reconnect backoff short.
//
// Thread-safe: every method may be called from any thread; a helper thread
// of its own watches the deadline.
#ifndef WILDWATCH_HOST_CLI_IDLE_WATCH_H_
#define WILDWATCH_HOST_CLI_IDLE_WATCH_H_

#include <grpcpp/client_context.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace wildwatch::cli {

class IdleWatch {
 public:
  // A zero `idle` never fires.
  explicit IdleWatch(std::chrono::milliseconds idle);
  ~IdleWatch();
  IdleWatch(const IdleWatch&) = delete;
  IdleWatch& operator=(const IdleWatch&) = delete;

  // A match arrived: the idle period starts again.
  void Touch();
  // context (null: none) is the call to cancel when idle; it must stay
  // valid until the next Attach.
  void Attach(grpc::ClientContext* context);
  bool expired();
  // Sleeps for d, or less if idle strikes first.
  void Sleep(std::chrono::milliseconds d);

 private:
  using Clock = std::chrono::steady_clock;

  void Run();

  const std::chrono::milliseconds idle_;
  std::mutex mu_;
  std::condition_variable cv_;
  Clock::time_point deadline_;              // Guarded by mu_.
  grpc::ClientContext* context_ = nullptr;  // Guarded by mu_.
  bool expired_ = false;                    // Guarded by mu_.
  bool stop_ = false;                       // Guarded by mu_.
  std::thread thread_;
};

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_IDLE_WATCH_H_
