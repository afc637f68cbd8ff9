#include "host/worker/frame_io.h"

#include <google/protobuf/message_lite.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace wildwatch {

namespace {

constexpr size_t kHeaderBytes = 4;

uint32_t FrameLength(const std::string& buffer) {
  const auto* b = reinterpret_cast<const unsigned char*>(buffer.data());
  return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 |
         uint32_t{b[3]} << 24;
}

}  // namespace

bool WriteFrame(int fd, const google::protobuf::MessageLite& message) {
  const size_t size = message.ByteSizeLong();
  if (size > kMaxFrameBytes) return false;
  std::string frame(kHeaderBytes, '\0');
  for (size_t i = 0; i < kHeaderBytes; ++i) {
    frame[i] = static_cast<char>((size >> (8 * i)) & 0xff);
  }
  if (!message.AppendToString(&frame)) return false;
  for (size_t sent = 0; sent < frame.size();) {
    const ssize_t n =
        send(fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

FrameReader::Result FrameReader::Read(std::chrono::milliseconds timeout,
                                      google::protobuf::MessageLite* message) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (buffer_.size() >= kHeaderBytes) {
      const uint32_t length = FrameLength(buffer_);
      if (length > kMaxFrameBytes) return Result::kBad;
      buffer_.reserve(kHeaderBytes + length);
      if (buffer_.size() >= kHeaderBytes + length) {
        const bool parsed =
            message->ParseFromArray(buffer_.data() + kHeaderBytes, length);
        buffer_.erase(0, kHeaderBytes + length);
        return parsed ? Result::kFrame : Result::kBad;
      }
    }
    int wait_ms = -1;
    if (timeout.count() >= 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return Result::kTimeout;
      wait_ms = static_cast<int>(left.count());
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Result::kClosed;
    if (ready == 0) return Result::kTimeout;
    char chunk[64 << 10];
    const ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Result::kClosed;
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace wildwatch
