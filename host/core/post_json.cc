#include "host/core/post_json.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// Parses the shape nearly every line has, without building a JSON document:
// one object whose values are strings, plus an "attributes" object of
// strings. nlohmann's parser was the largest cost of reading a post outside
// matching, and the cost is its lexer, not the document: on 40,000 corpus
// lines its SAX interface, which builds no document, took 285 ms against
// 300 ms for the full parse, and this parser 48 ms. Parse() returns false,
// having possibly written part of *post, on anything else: numbers, literals,
// nested values other than "attributes", a duplicate key, or any error at all.
// The caller then runs the general parser, which gives the same Post or names
// the error, so this path never has to reproduce an error message.
class FlatPostParser {
 public:
  explicit FlatPostParser(std::string_view line)
      : p_(line.data()), end_(line.data() + line.size()) {}

  bool Parse(Post* post) {
    if (!Consume('{')) return false;
    // Known fields seen so far, one bit each (see KnownField), to refuse
    // duplicates, where the general parser keeps the last value.
    uint32_t seen = 0;
    // Unknown fields become attributes after the "attributes" object's
    // entries, whatever the order in the line.
    std::vector<std::pair<std::string, std::string>> unknown;
    std::string key;
    do {
      if (!String(&key) || !Consume(':')) return false;
      const int known = KnownField(key);
      if (known < 0) {
        for (const auto& [name, value] : unknown) {
          if (name == key) return false;
        }
        std::string value;
        if (!String(&value)) return false;
        unknown.emplace_back(std::move(key), std::move(value));
        continue;
      }
      if (seen & (1u << known)) return false;
      seen |= 1u << known;
      switch (known) {
        case kId:
          if (!String(&post->id) || post->id.empty()) return false;
          break;
        case kText:
          if (!String(&post->text)) return false;
          break;
        case kCreatedAt: {
          std::string value;
          if (!String(&value)) return false;
          std::optional<int64_t> ms = ParseRfc3339(value);
          if (!ms) return false;
          post->created_at_ms = *ms;
          break;
        }
        case kAttributes:
          if (!Attributes(&post->attributes)) return false;
          break;
        default:
          if (!String(OptionalField(post, known))) return false;
          break;
      }
    } while (Consume(','));
    constexpr uint32_t kRequired = 1u << kId | 1u << kText;
    if (!Consume('}') || (seen & kRequired) != kRequired) return false;
    SkipSpace();
    if (p_ != end_) return false;
    for (auto& entry : unknown) post->attributes.push_back(std::move(entry));
    return true;
  }

 private:
  enum Field {
    kId,
    kText,
    kTitle,
    kUrl,
    kAuthor,
    kAuthorId,
    kLang,
    kPlatform,
    kCreatedAt,
    kAttributes
  };

  static int KnownField(std::string_view key) {
    static constexpr std::string_view kNames[] = {
        "id",        "text", "title",    "url",        "author",
        "author_id", "lang", "platform", "created_at", "attributes"};
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i) {
      if (key == kNames[i]) return i;
    }
    return -1;
  }

  static std::string* OptionalField(Post* post, int field) {
    switch (field) {
      case kTitle:
        return &post->title;
      case kUrl:
        return &post->url;
      case kAuthor:
        return &post->author;
      case kAuthorId:
        return &post->author_id;
      case kLang:
        return &post->lang;
      default:
        return &post->platform;
    }
  }

  bool Attributes(std::vector<std::pair<std::string, std::string>>* out) {
    if (!Consume('{')) return false;
    if (Consume('}')) return true;
    const size_t first = out->size();
    do {
      std::string key, value;
      if (!String(&key) || !Consume(':') || !String(&value)) return false;
      for (size_t i = first; i < out->size(); ++i) {
        if ((*out)[i].first == key) return false;
      }
      out->emplace_back(std::move(key), std::move(value));
    } while (Consume(','));
    return Consume('}');
  }

  void SkipSpace() {
    while (p_ != end_ &&
           (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) {
      ++p_;
    }
  }

  bool Consume(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // A JSON string into *out (replacing its contents), with the checks the
  // general parser makes: no raw control characters, valid escapes and
  // surrogate pairs, well-formed UTF-8 (RFC 3629: no overlong forms, no
  // surrogates, nothing above U+10FFFF).
  bool String(std::string* out) {
    out->clear();
    if (!Consume('"')) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(p_);
    const auto* const end = reinterpret_cast<const unsigned char*>(end_);
    const unsigned char* run = p;  // Start of bytes not yet copied.
    while (p != end) {
      if (end - p >= 8 && IsPlainAscii8(p)) {
        p += 8;
        continue;
      }
      const unsigned char c = *p;
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        ++p;
        continue;
      }
      if (c == '"') {
        out->append(reinterpret_cast<const char*>(run), p - run);
        p_ = reinterpret_cast<const char*>(p + 1);
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        out->append(reinterpret_cast<const char*>(run), p - run);
        if (!Escape(&p, end, out)) return false;
        run = p;
        continue;
      }
      const size_t n = Utf8SequenceLength(p, end);
      if (n == 0) return false;
      p += n;
    }
    return false;  // Unterminated.
  }

  // True if none of the 8 bytes at p needs a closer look: each is ASCII,
  // not a control character, not a quote and not a backslash. Checking a
  // word at a time is what makes long texts cheap.
  static bool IsPlainAscii8(const unsigned char* p) {
    constexpr uint64_t kOnes = 0x0101010101010101;
    constexpr uint64_t kHighs = 0x8080808080808080;
    uint64_t v;
    std::memcpy(&v, p, sizeof(v));
    auto has_zero_byte = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
    const uint64_t below_space = (v - 0x20 * kOnes) & ~v & kHighs;
    return ((v & kHighs) | below_space | has_zero_byte(v ^ ('"' * kOnes)) |
            has_zero_byte(v ^ ('\\' * kOnes))) == 0;
  }

  // Length of the well-formed UTF-8 sequence of two or more bytes at p, or
  // 0 if it is not one.
  static size_t Utf8SequenceLength(const unsigned char* p,
                                   const unsigned char* end) {
    auto in = [&](size_t i, unsigned lo, unsigned hi) {
      return end - p > static_cast<ptrdiff_t>(i) && p[i] >= lo && p[i] <= hi;
    };
    const unsigned char c = p[0];
    if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
      const unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
      const unsigned hi = c == 0xED ? 0x9F : 0xBF;
      return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      const unsigned lo = c == 0xF0 ? 0x90 : 0x80;
      const unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
      return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
  }

  // The escape at *p (a backslash), decoded onto out; *p moves past it.
  static bool Escape(const unsigned char** p, const unsigned char* end,
                     std::string* out) {
    const unsigned char* q = *p + 1;
    if (q == end) return false;
    char simple = 0;
    switch (*q) {
      case '"':
        simple = '"';
        break;
      case '\\':
        simple = '\\';
        break;
      case '/':
        simple = '/';
        break;
      case 'b':
        simple = '\b';
        break;
      case 'f':
        simple = '\f';
        break;
      case 'n':
        simple = '\n';
        break;
      case 'r':
        simple = '\r';
        break;
      case 't':
        simple = '\t';
        break;
      case 'u':
        break;
      default:
        return false;
    }
    if (simple != 0) {
      out->push_back(simple);
      *p = q + 1;
      return true;
    }
    uint32_t cp = 0;
    if (!Hex4(q + 1, end, &cp)) return false;
    q += 5;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // Lone low surrogate.
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low = 0;
      if (end - q < 6 || q[0] != '\\' || q[1] != 'u' ||
          !Hex4(q + 2, end, &low) || low < 0xDC00 || low > 0xDFFF) {
        return false;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      q += 6;
    }
    AppendUtf8(cp, out);
    *p = q;
    return true;
  }

  static bool Hex4(const unsigned char* p, const unsigned char* end,
                   uint32_t* out) {
    if (end - p < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const unsigned char c = p[i];
      uint32_t digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return false;
      }
      v = v << 4 | digit;
    }
    *out = v;
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | cp >> 6));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | cp >> 12));
      out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | cp >> 18));
      out->push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  const char* p_;
  const char* const end_;
};

}  // namespace

StatusOr<Post> PostFromJson(std::string_view line) {
  Post post;
  if (FlatPostParser(line).Parse(&post)) {
    post.raw = std::string(line);
    return post;
  }
  return TEST_PostFromJsonGeneral(line);
}

StatusOr<Post> TEST_PostFromJsonGeneral(std::string_view line) {
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
