// AccessControl: who may call the feed, and as what.
//
// Built once from the configured subscribers ({name, token, role}), then
// asked for every call: Authenticate() reads the "authorization: Bearer
// <token>" metadata and names the caller (a Principal); the Check* functions
// say whether that principal may call a service. Roles:
//
//   admin            everything;
//   agency           MatchFeed, all matches;
//   platform:<name>  MatchFeed, only matches from platform <name>.
//
// Tokens are kept only as SHA-256 digests and compared in constant time,
// every configured digest each call, so neither timing nor a memory dump
// gives a token away. Nothing here logs a token.
//
// Immutable after Create(): safe for concurrent use without locking.

#ifndef WILDWATCH_HOST_FEED_ACCESS_H_
#define WILDWATCH_HOST_FEED_ACCESS_H_

#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"

namespace grpc {
class ServerContext;
}

namespace wildwatch {

// One configured subscriber, as the daemon configuration lists it.
struct SubscriberConfig {
  std::string name;   // Shown in logs and errors; never the token.
  std::string token;  // The bearer secret; must be non-empty and unique.
  std::string role;   // "admin", "agency" or "platform:<name>".
};

// An authenticated caller.
struct Principal {
  std::string name;
  std::string role;      // As configured.
  std::string platform;  // <name> for a "platform:<name>" role, else empty.

  bool is_admin() const { return role == "admin"; }
};

class AccessControl {
 public:
  // Checks every subscriber and builds the table. On failure returns
  // INVALID_ARGUMENT naming the subscriber at fault (an empty name or token,
  // an unknown role, a token shared by two subscribers); the message never
  // contains a token.
  static StatusOr<AccessControl> Create(
      const std::vector<SubscriberConfig>& subscribers);

  // Copyable and movable: a plain table.

  // Names the caller of an RPC from its "authorization" metadata.
  // Returns UNAUTHENTICATED with "missing bearer token" when there is no
  // such metadata or it is not "Bearer <token>", and with "unknown token"
  // when the token is not configured.
  StatusOr<Principal> Authenticate(const grpc::ServerContext& context) const;

  // As Authenticate, from the value of the "authorization" header itself
  // (e.g. "Bearer abc"); the scheme is case-insensitive. An empty value
  // means the header was absent.
  StatusOr<Principal> AuthenticateHeader(std::string_view authorization) const;

 private:
  struct Entry {
    std::string token_sha256;  // Lowercase hex digest of the token.
    Principal principal;
  };

  AccessControl() = default;

  std::vector<Entry> entries_;
};

// OK for every role: each may subscribe (what it sees is its MatchFilter's
// business).
Status CheckMaySubscribe(const Principal& principal);

// OK for admin; PERMISSION_DENIED naming the principal's role otherwise.
Status CheckMayAdminister(const Principal& principal);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_ACCESS_H_
