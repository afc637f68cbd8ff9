#include "host/plugin/config_schema.h"

#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wildwatch {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kTypeNames[] = {
    "string", "integer", "number", "boolean", "object", "array", "null"};

// Keywords that only annotate a schema. They change nothing about what is
// valid, so accepting them cannot hide a rule the validator does not apply.
constexpr std::string_view kAnnotations[] = {
    "$schema", "$id", "$comment", "title", "description", "examples"};

// "/" for the root, else the pointer itself; a pointer is built by
// appending "/" + escaped token, so the root is "".
std::string Display(const std::string& pointer) {
  return pointer.empty() ? "/" : pointer;
}

std::string Child(const std::string& pointer, std::string_view token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool IsIntegral(const Json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

// The JSON Schema type of a value: "integer" for integral numbers.
std::string_view TypeOf(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return IsIntegral(v) ? "integer" : "number";
  }
}

bool HasType(const Json& v, std::string_view type) {
  const std::string_view actual = TypeOf(v);
  return actual == type || (type == "number" && actual == "integer");
}

bool IsTypeName(const Json& v) {
  if (!v.is_string()) return false;
  for (std::string_view name : kTypeNames) {
    if (v.get_ref<const std::string&>() == name) return true;
  }
  return false;
}

Status SchemaError(const std::string& pointer, const std::string& what) {
  return InvalidArgumentError("schema " + Display(pointer) + ": " + what);
}

Status CheckNode(const Json& schema, const std::string& pointer);

Status CheckSubschemas(const Json& map, const std::string& pointer) {
  if (!map.is_object()) return SchemaError(pointer, "must be an object");
  for (const auto& [key, sub] : map.items()) {
    if (Status s = CheckNode(sub, Child(pointer, key)); !s.ok()) return s;
  }
  return OkStatus();
}

Status CheckNonNegativeInteger(const Json& v, const std::string& pointer) {
  if (!IsIntegral(v) || v.get<double>() < 0) {
    return SchemaError(pointer, "must be a non-negative integer");
  }
  return OkStatus();
}

Status CheckKeyword(const std::string& key, const Json& value,
                    const std::string& pointer) {
  if (key == "type") {
    if (IsTypeName(value)) return OkStatus();
    if (value.is_array() && !value.empty()) {
      for (const Json& t : value) {
        if (!IsTypeName(t)) {
          return SchemaError(pointer, "unknown type " + t.dump());
        }
      }
      return OkStatus();
    }
    return SchemaError(pointer, "unknown type " + value.dump());
  }
  if (key == "properties") return CheckSubschemas(value, pointer);
  if (key == "items") return CheckNode(value, pointer);
  if (key == "additionalProperties") {
    return value.is_boolean() ? OkStatus() : CheckNode(value, pointer);
  }
  if (key == "required") {
    if (value.is_array()) {
      bool all_strings = true;
      for (const Json& name : value) all_strings &= name.is_string();
      if (all_strings) return OkStatus();
    }
    return SchemaError(pointer, "must be an array of strings");
  }
  if (key == "enum") {
    if (value.is_array() && !value.empty()) return OkStatus();
    return SchemaError(pointer, "must be a non-empty array");
  }
  if (key == "minimum" || key == "maximum") {
    if (value.is_number()) return OkStatus();
    return SchemaError(pointer, "must be a number");
  }
  if (key == "minLength" || key == "minItems") {
    return CheckNonNegativeInteger(value, pointer);
  }
  if (key == "default") return OkStatus();
  for (std::string_view annotation : kAnnotations) {
    if (key == annotation) return OkStatus();
  }
  return SchemaError(pointer, "unsupported keyword '" + key + "'");
}

Status CheckNode(const Json& schema, const std::string& pointer) {
  if (!schema.is_object()) return SchemaError(pointer, "must be an object");
  for (const auto& [key, value] : schema.items()) {
    if (Status s = CheckKeyword(key, value, Child(pointer, key)); !s.ok()) {
      return s;
    }
  }
  return OkStatus();
}

// Counts code points, as JSON Schema's minLength does, not bytes.
size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Join(const Json& names) {
  std::string out;
  for (const auto& [name, unused] : names.items()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out.empty() ? "none" : out;
}

class Validator {
 public:
  std::vector<std::string> TakeErrors() { return std::move(errors_); }

  void Validate(const Json& value, const Json& schema,
                const std::string& pointer) {
    if (auto type = schema.find("type"); type != schema.end()) {
      if (!TypeMatches(value, *type)) {
        Error(pointer, "expected " + TypeList(*type) + ", got " +
                           std::string(TypeOf(value)));
        return;  // The other keywords would only repeat the mismatch.
      }
    }
    if (auto allowed = schema.find("enum"); allowed != schema.end()) {
      bool found = false;
      for (const Json& candidate : *allowed) found |= candidate == value;
      if (!found) {
        Error(pointer, "expected one of " + EnumList(*allowed) + ", got " +
                           value.dump());
      }
    }
    if (value.is_number()) CheckRange(value, schema, pointer);
    if (value.is_string()) {
      if (auto min = schema.find("minLength"); min != schema.end()) {
        const size_t length = CodePoints(value.get_ref<const std::string&>());
        if (length < min->get<double>()) {
          Error(pointer, "must be at least " + min->dump() +
                             " characters long, got " + std::to_string(length));
        }
      }
    }
    if (value.is_array()) ValidateArray(value, schema, pointer);
    if (value.is_object()) ValidateObject(value, schema, pointer);
  }

 private:
  void Error(const std::string& pointer, const std::string& message) {
    errors_.push_back(Display(pointer) + ": " + message);
  }

  static bool TypeMatches(const Json& value, const Json& type) {
    if (type.is_string()) return HasType(value, type.get<std::string>());
    for (const Json& t : type) {
      if (HasType(value, t.get<std::string>())) return true;
    }
    return false;
  }

  static std::string TypeList(const Json& type) {
    if (type.is_string()) return type.get<std::string>();
    std::string out;
    for (size_t i = 0; i < type.size(); ++i) {
      if (i > 0) out += i + 1 == type.size() ? " or " : ", ";
      out += type[i].get<std::string>();
    }
    return out;
  }

  static std::string EnumList(const Json& values) {
    std::string out;
    for (const Json& v : values) {
      if (!out.empty()) out += ", ";
      out += v.dump();
    }
    return out;
  }

  void CheckRange(const Json& value, const Json& schema,
                  const std::string& pointer) {
    const double v = value.get<double>();
    if (auto min = schema.find("minimum");
        min != schema.end() && v < min->get<double>()) {
      Error(pointer, "must be >= " + min->dump() + ", got " + value.dump());
    }
    if (auto max = schema.find("maximum");
        max != schema.end() && v > max->get<double>()) {
      Error(pointer, "must be <= " + max->dump() + ", got " + value.dump());
    }
  }

  void ValidateArray(const Json& value, const Json& schema,
                     const std::string& pointer) {
    if (auto min = schema.find("minItems");
        min != schema.end() && value.size() < min->get<double>()) {
      Error(pointer, "must have at least " + min->dump() + " items, got " +
                         std::to_string(value.size()));
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Validate(value[i], *items, Child(pointer, std::to_string(i)));
      }
    }
  }

  void ValidateObject(const Json& value, const Json& schema,
                      const std::string& pointer) {
    if (auto required = schema.find("required"); required != schema.end()) {
      for (const Json& name : *required) {
        if (!value.contains(name.get<std::string>())) {
          Error(pointer,
                "missing required key '" + name.get<std::string>() + "'");
        }
      }
    }
    const Json no_properties = Json::object();
    auto properties_it = schema.find("properties");
    const Json& properties =
        properties_it != schema.end() ? *properties_it : no_properties;
    auto additional = schema.find("additionalProperties");
    for (const auto& [key, member] : value.items()) {
      const std::string child = Child(pointer, key);
      if (auto property = properties.find(key); property != properties.end()) {
        Validate(member, *property, child);
      } else if (additional == schema.end() || additional->is_boolean()) {
        if (additional != schema.end() && !additional->get<bool>()) {
          Error(pointer, "unknown key '" + key +
                             "' (allowed: " + Join(properties) + ")");
        }
      } else {
        Validate(member, *additional, child);
      }
    }
  }

  std::vector<std::string> errors_;
};

}  // namespace

Status CheckSchema(const nlohmann::json& schema) {
  return CheckNode(schema, "");
}

std::vector<std::string> ValidateAgainstSchema(const nlohmann::json& value,
                                               const nlohmann::json& schema) {
  Validator validator;
  validator.Validate(value, schema, "");
  return validator.TakeErrors();
}

}  // namespace wildwatch
