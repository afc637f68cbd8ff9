#include "host/feed/access.h"

#include <grpcpp/server_context.h>

#include <algorithm>
#include <cctype>

#include "host/core/sha256.h"

namespace wildwatch {

namespace {

constexpr std::string_view kPlatformPrefix = "platform:";

// Compares two digests without an early exit, so the time taken does not
// tell how many leading characters of a guess were right.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // Digests: always 64 characters.
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(),
                    [](char x, char y) {
                      return std::tolower(static_cast<unsigned char>(x)) ==
                             std::tolower(static_cast<unsigned char>(y));
                    });
}

Status Unauthenticated(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message));
}

}  // namespace

StatusOr<AccessControl> AccessControl::Create(
    const std::vector<SubscriberConfig>& subscribers) {
  AccessControl access;
  for (const SubscriberConfig& s : subscribers) {
    if (s.name.empty()) {
      return InvalidArgumentError("a subscriber has no name");
    }
    if (s.token.empty()) {
      return InvalidArgumentError("subscriber '" + s.name + "' has no token");
    }
    Principal p{s.name, s.role, ""};
    if (s.role.starts_with(kPlatformPrefix)) {
      p.platform = s.role.substr(kPlatformPrefix.size());
      if (p.platform.empty()) {
        return InvalidArgumentError("subscriber '" + s.name +
                                    "': role 'platform:' names no platform");
      }
    } else if (s.role != "admin" && s.role != "agency") {
      return InvalidArgumentError(
          "subscriber '" + s.name + "': unknown role '" + s.role +
          "' (expected admin, agency or platform:<name>)");
    }
    std::string digest = Sha256Hex(s.token);
    for (const Entry& e : access.entries_) {
      if (e.token_sha256 == digest) {
        return InvalidArgumentError("subscribers '" + e.principal.name +
                                    "' and '" + s.name + "' share a token");
      }
    }
    access.entries_.push_back(Entry{std::move(digest), std::move(p)});
  }
  return access;
}

StatusOr<Principal> AccessControl::Authenticate(
    const grpc::ServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return Unauthenticated("missing bearer token");
  return AuthenticateHeader(
      std::string_view(it->second.data(), it->second.size()));
}

StatusOr<Principal> AccessControl::AuthenticateHeader(
    std::string_view authorization) const {
  constexpr std::string_view kScheme = "bearer ";
  if (!StartsWithIgnoreCase(authorization, kScheme)) {
    return Unauthenticated("missing bearer token");
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) return Unauthenticated("missing bearer token");

  const std::string digest = Sha256Hex(token);
  const Entry* found = nullptr;
  // Every entry is compared, found or not, so the time taken does not tell
  // where in the table (or whether) the token is.
  for (const Entry& e : entries_) {
    if (ConstantTimeEquals(e.token_sha256, digest)) found = &e;
  }
  if (found == nullptr) return Unauthenticated("unknown token");
  return found->principal;
}

Status CheckMaySubscribe(const Principal&) { return OkStatus(); }

Status CheckMayAdminister(const Principal& principal) {
  if (principal.is_admin()) return OkStatus();
  return Status(StatusCode::kPermissionDenied,
                "role '" + principal.role + "' may not call Admin");
}

}  // namespace wildwatch
