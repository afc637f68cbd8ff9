// RawJsonArray: the exact bytes of each element of a JSON array inside a
// larger document.
//
// A post's evidence is the item as the platform sent it. Re-serialising a
// parsed object would reorder keys and re-escape strings, so the SHA-256 the
// host records would no longer match what an investigator fetches again.
// This finds the array by JSON Pointer in the received text and returns
// views of its elements, byte for byte:
//
//   RawJsonArray(R"({"data":{"items":[{"id":1}, {"id": 2}]}})", "/data/items")
//       -> {R"({"id":1})", R"({"id": 2})"}
//
// Thread-safe: a pure function.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_RAW_JSON_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_RAW_JSON_H_

#include <string_view>
#include <vector>

#include "host/core/status.h"

namespace wildwatch::plugins {

// On success one view per element, in order, pointing into document (valid
// while document is). json_pointer "" is the whole document. Fails with
// INVALID_ARGUMENT if document is not valid JSON or json_pointer is not a
// valid pointer, NOT_FOUND if nothing is at json_pointer, and
// FAILED_PRECONDITION if the value there is not an array.
StatusOr<std::vector<std::string_view>> RawJsonArray(
    std::string_view document, std::string_view json_pointer);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_RAW_JSON_H_
