// Conversions between the host's types and the wire types of
// wildwatch/v1/wildwatch.proto, and from a Status to a grpc::Status.
//
// Times: the host marks an unknown time with kTimeUnknown, the wire with 0;
// each direction maps one onto the other. Post::raw (the evidence bytes)
// and Post::platform (Match::platform carries it) do not travel, so
// MatchFromProto(MatchToProto(m)) gives back m except for those two.
// Thread-safe: pure functions.

#ifndef WILDWATCH_HOST_FEED_PROTO_CONVERT_H_
#define WILDWATCH_HOST_FEED_PROTO_CONVERT_H_

#include <grpcpp/support/status.h>

#include "host/core/match.h"
#include "host/core/status.h"
#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch {

// Overwrites *out with m. REQUIRES: out != nullptr.
void MatchToProto(const Match& m, v1::Match* out);

// The host form of a wire match. A severity the host does not know
// (SEVERITY_UNSPECIFIED or a newer value) reads as medium, the default.
Match MatchFromProto(const v1::Match& m);

v1::Severity SeverityToProto(Severity s);

// Sets *out and returns true for LOW..CRITICAL; returns false and leaves
// *out unchanged for SEVERITY_UNSPECIFIED or an unknown value.
bool SeverityFromProto(v1::Severity s, Severity* out);

// Same code (the numbers agree, see status.h) and message.
grpc::Status ToGrpcStatus(const Status& status);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_PROTO_CONVERT_H_
