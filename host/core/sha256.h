// SHA-256 helpers (OpenSSL). Thread-safe: no shared state.

#ifndef WILDWATCH_HOST_CORE_SHA256_H_
#define WILDWATCH_HOST_CORE_SHA256_H_

#include <string>
#include <string_view>

namespace wildwatch {

// Lowercase hex SHA-256 of data (64 characters).
std::string Sha256Hex(std::string_view data);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CORE_SHA256_H_
