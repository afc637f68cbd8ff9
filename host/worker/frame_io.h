// Length-prefixed protobuf frames over a stream socket, the transport
// between wildwatchd and its worker processes.
//
// A frame is a 4-byte little-endian length and that many bytes of a
// serialised message. WriteFrame sends one whole frame; FrameReader collects
// frames from a socket it polls with a timeout, so a reader waiting on a
// worker that hangs mid-frame still regains control on time.
//
// FrameReader is not thread-safe; WriteFrame is safe to call from several
// threads only if the caller serialises calls on one fd.

#ifndef WILDWATCH_HOST_WORKER_FRAME_IO_H_
#define WILDWATCH_HOST_WORKER_FRAME_IO_H_

#include <chrono>
#include <cstddef>
#include <string>

namespace google::protobuf {
class MessageLite;
}

namespace wildwatch {

// Larger frames are refused: one batch of batch_size posts of up to
// max_post_bytes each fits, and a worker announcing more is broken or
// hostile, not a reason to allocate gigabytes in the host.
inline constexpr size_t kMaxFrameBytes = 256 << 20;

// Sends message as one frame on fd. Returns false if the message cannot be
// serialised, is larger than kMaxFrameBytes, or the peer is gone (never
// raises SIGPIPE).
bool WriteFrame(int fd, const google::protobuf::MessageLite& message);

class FrameReader {
 public:
  enum class Result {
    kFrame,    // *message holds the next message.
    kTimeout,  // No whole frame within the timeout; call again.
    kClosed,   // The peer closed the socket (or it failed).
    kBad,      // An oversized or unparsable frame: the stream is unusable.
  };

  explicit FrameReader(int fd) : fd_(fd) {}  // fd not owned.

  // Waits up to timeout (negative: forever) for the rest of the next frame
  // and parses it into *message, which is left unspecified unless the
  // result is kFrame. Bytes read before a timeout are kept for the next
  // call.
  Result Read(std::chrono::milliseconds timeout,
              google::protobuf::MessageLite* message);

 private:
  int fd_;
  std::string buffer_;  // Bytes received, not yet returned as a frame.
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_WORKER_FRAME_IO_H_
