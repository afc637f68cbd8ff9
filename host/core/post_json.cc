#include "host/core/post_json.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace wildwatch {

namespace {

// ordered_json keeps the source's key order, so attributes come out in the
// order the line gave them and PostToJson writes fields in a fixed order.
using Json = nlohmann::ordered_json;

constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), valid for every year an RFC 3339 date can spell.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Inverse of DaysFromCivil.
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly n decimal digits at s[*pos] into *out.
bool Digits(std::string_view s, size_t* pos, int n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, std::string_view chars) {
  if (*pos >= s.size() || chars.find(s[*pos]) == std::string_view::npos) {
    return false;
  }
  ++*pos;
  return true;
}

// Parses an RFC 3339 date-time ("2024-05-01T10:00:00.25+02:00") into Unix
// milliseconds. Fractions finer than a millisecond are truncated; a leap
// second (:60) lands on the first millisecond of the next minute, which is
// the closest a Unix time can say.
std::optional<int64_t> ParseRfc3339(std::string_view s) {
  size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!Digits(s, &pos, 4, &year) || !Expect(s, &pos, "-") ||
      !Digits(s, &pos, 2, &month) || !Expect(s, &pos, "-") ||
      !Digits(s, &pos, 2, &day) || !Expect(s, &pos, "Tt ") ||
      !Digits(s, &pos, 2, &hour) || !Expect(s, &pos, ":") ||
      !Digits(s, &pos, 2, &minute) || !Expect(s, &pos, ":") ||
      !Digits(s, &pos, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t first = pos;
    int64_t scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == first) return std::nullopt;
  }
  int64_t offset_minutes = 0;
  if (Expect(s, &pos, "Zz")) {
    // UTC.
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!Digits(s, &pos, 2, &oh) || !Expect(s, &pos, ":") ||
        !Digits(s, &pos, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t seconds_of_day = hour * 3600 + minute * 60 + second;
  return DaysFromCivil(year, month, day) * kMsPerDay +
         (seconds_of_day - offset_minutes * 60) * 1000 + millis;
}

// Unix seconds in a JSON number to milliseconds, refusing what int64 ms
// cannot hold.
std::optional<int64_t> SecondsToMillis(const Json& v) {
  constexpr int64_t kMaxSeconds = INT64_MAX / 1000 - 1;
  if (v.is_number_unsigned()) {
    const uint64_t s = v.get<uint64_t>();
    if (s > static_cast<uint64_t>(kMaxSeconds)) return std::nullopt;
    return static_cast<int64_t>(s) * 1000;
  }
  if (v.is_number_integer()) {
    const int64_t s = v.get<int64_t>();
    if (s > kMaxSeconds || s < -kMaxSeconds) return std::nullopt;
    return s * 1000;
  }
  const double s = v.get<double>();
  if (!std::isfinite(s) || std::fabs(s) > static_cast<double>(kMaxSeconds)) {
    return std::nullopt;
  }
  return static_cast<int64_t>(std::llround(s * 1000.0));
}

std::string TypeName(const Json& v) {
  if (v.is_number_integer()) return "integer";
  return v.type_name();
}

Status FieldError(std::string_view field, std::string_view what) {
  return InvalidArgumentError(std::string(field) + ": " + std::string(what));
}

// Copies an optional string field into *out; null counts as absent.
Status OptionalString(const Json& obj, const char* field, std::string* out) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return OkStatus();
  if (!it->is_string()) {
    return FieldError(field, "expected a string, got " + TypeName(*it));
  }
  *out = it->get<std::string>();
  return OkStatus();
}

std::string CompactJson(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Status ReadId(const Json& obj, Post* post) {
  auto it = obj.find("id");
  if (it == obj.end()) return FieldError("id", "missing");
  if (it->is_string()) {
    post->id = it->get<std::string>();
  } else if (it->is_number_integer()) {
    post->id = CompactJson(*it);
  } else {
    return FieldError("id",
                      "expected a string or an integer, got " + TypeName(*it));
  }
  if (post->id.empty()) return FieldError("id", "must not be empty");
  return OkStatus();
}

Status ReadCreatedAt(const Json& obj, Post* post) {
  auto it = obj.find("created_at");
  if (it == obj.end() || it->is_null()) return OkStatus();
  std::optional<int64_t> ms;
  if (it->is_string()) {
    ms = ParseRfc3339(it->get_ref<const std::string&>());
    if (!ms) {
      return FieldError("created_at", "not an RFC 3339 date-time: \"" +
                                          it->get<std::string>() + "\"");
    }
  } else if (it->is_number()) {
    ms = SecondsToMillis(*it);
    if (!ms) {
      return FieldError("created_at",
                        "Unix time out of range: " + CompactJson(*it));
    }
  } else {
    return FieldError(
        "created_at",
        "expected an RFC 3339 string or Unix seconds, got " + TypeName(*it));
  }
  post->created_at_ms = *ms;
  return OkStatus();
}

Status ReadAttributes(const Json& obj, Post* post) {
  auto it = obj.find("attributes");
  if (it == obj.end() || it->is_null()) return OkStatus();
  if (!it->is_object()) {
    return FieldError("attributes", "expected an object, got " + TypeName(*it));
  }
  for (const auto& [key, value] : it->items()) {
    if (value.is_string()) {
      post->attributes.emplace_back(key, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      post->attributes.emplace_back(key, CompactJson(value));
    } else {
      return FieldError(
          "attributes." + key,
          "expected a string, number or boolean, got " + TypeName(value));
    }
  }
  return OkStatus();
}

bool IsKnownField(std::string_view key) {
  for (std::string_view known :
       {"id", "text", "title", "url", "author", "author_id", "lang", "platform",
        "created_at", "attributes"}) {
    if (key == known) return true;
  }
  return false;
}

std::string FormatRfc3339Millis(int64_t ms) {
  int64_t days = ms / kMsPerDay;
  int64_t rest = ms % kMsPerDay;
  if (rest < 0) {
    rest += kMsPerDay;
    --days;
  }
  int64_t year;
  int month, day;
  CivilFromDays(days, &year, &month, &day);
  char buf[48];
  std::snprintf(
      buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ",
      static_cast<long long>(year), month, day,
      static_cast<int>(rest / 3'600'000), static_cast<int>(rest / 60'000 % 60),
      static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
  return buf;
}

}  // namespace

StatusOr<Post> PostFromJson(std::string_view line) {
  Json obj;
  try {
    obj = Json::parse(line);
  } catch (const Json::parse_error& e) {
    // e.what() starts with "[json.exception.parse_error.101] ", which
    // tells a reader of the log nothing.
    std::string what = e.what();
    const size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what.erase(0, bracket + 2);
    return InvalidArgumentError("invalid JSON: " + what);
  }
  if (!obj.is_object()) {
    return InvalidArgumentError("expected a JSON object, got " + TypeName(obj));
  }

  Post post;
  if (Status s = ReadId(obj, &post); !s.ok()) return s;
  auto text = obj.find("text");
  if (text == obj.end()) return FieldError("text", "missing");
  if (!text->is_string()) {
    return FieldError("text", "expected a string, got " + TypeName(*text));
  }
  post.text = text->get<std::string>();
  const std::pair<const char*, std::string*> optional_fields[] = {
      {"title", &post.title},   {"url", &post.url},
      {"author", &post.author}, {"author_id", &post.author_id},
      {"lang", &post.lang},     {"platform", &post.platform}};
  for (auto [field, out] : optional_fields) {
    if (Status s = OptionalString(obj, field, out); !s.ok()) return s;
  }
  if (Status s = ReadCreatedAt(obj, &post); !s.ok()) return s;
  if (Status s = ReadAttributes(obj, &post); !s.ok()) return s;
  for (const auto& [key, value] : obj.items()) {
    if (IsKnownField(key)) continue;
    post.attributes.emplace_back(
        key, value.is_string() ? value.get<std::string>() : CompactJson(value));
  }
  post.raw = std::string(line);
  return post;
}

std::string PostToJson(const Post& post) {
  Json obj;
  obj["id"] = post.id;
  const std::pair<const char*, const std::string*> optional_fields[] = {
      {"platform", &post.platform}, {"url", &post.url},
      {"author", &post.author},     {"author_id", &post.author_id},
      {"lang", &post.lang},         {"title", &post.title}};
  for (auto [field, value] : optional_fields) {
    if (!value->empty()) obj[field] = *value;
  }
  if (post.created_at_ms != kTimeUnknown) {
    obj["created_at"] = FormatRfc3339Millis(post.created_at_ms);
  }
  obj["text"] = post.text;
  if (!post.attributes.empty()) {
    Json attributes = Json::object();
    for (const auto& [key, value] : post.attributes) attributes[key] = value;
    obj["attributes"] = std::move(attributes);
  }
  return CompactJson(obj);
}

}  // namespace wildwatch
