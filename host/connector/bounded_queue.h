// BoundedQueue: a blocking FIFO with a fixed capacity, for backpressure
// between a connector's puller and its processor.
//
// Push blocks while the queue is full, so a fast connector cannot run ahead
// of matching and storage by more than `capacity` batches: memory stays
// bounded whatever the source does. Close() ends the stream: Push fails, Pop
// drains what is left and then returns std::nullopt.
// Safe for concurrent use without external locking.

#ifndef WILDWATCH_HOST_CONNECTOR_BOUNDED_QUEUE_H_
#define WILDWATCH_HOST_CONNECTOR_BOUNDED_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace wildwatch {

template <typename T>
class BoundedQueue {
 public:
  // REQUIRES: capacity >= 1.
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Blocks while full. Returns false (and drops value) once closed.
  bool Push(T value) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(value));
    not_empty_.notify_one();
    return true;
  }

  // Blocks while empty and open. std::nullopt once closed and drained.
  std::optional<T> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T value = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return value;
  }

  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<T> items_;  // Guarded by mu_.
  bool closed_ = false;  // Guarded by mu_.
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CONNECTOR_BOUNDED_QUEUE_H_
