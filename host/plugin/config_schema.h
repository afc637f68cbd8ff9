// Validation of a connector's configuration against the JSON Schema its
// descriptor declares.
//
// Debian has no C++ JSON Schema validator, so this implements the subset that
// connector schemas use (the subset documented in wildwatch/connector.h):
// type (string, integer, number, boolean, object, array, null, or a list of
// them), properties, required, additionalProperties (boolean or schema),
// items, enum, minimum, maximum, minLength, minItems; and annotations that
// do not change what is valid: default, $schema, $id, $comment, title,
// description, examples. A keyword outside the subset makes the *schema*
// invalid, so a connector author learns at once rather than having a rule
// silently ignored. Thread-safe: pure functions.

#ifndef WILDWATCH_HOST_PLUGIN_CONFIG_SCHEMA_H_
#define WILDWATCH_HOST_PLUGIN_CONFIG_SCHEMA_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/core/status.h"

namespace wildwatch {

// Checks that schema uses only the supported subset. On failure returns
// INVALID_ARGUMENT naming the JSON Pointer of the offending keyword.
Status CheckSchema(const nlohmann::json& schema);

// Validates value against schema. Returns every problem found, each as
// "<JSON Pointer>: <message>", e.g. "/poll_interval_ms: expected integer,
// got string" or "/: unknown key 'pth' (allowed: path, follow)". An empty
// result means valid. REQUIRES: CheckSchema(schema).ok().
std::vector<std::string> ValidateAgainstSchema(const nlohmann::json& value,
                                               const nlohmann::json& schema);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_PLUGIN_CONFIG_SCHEMA_H_
