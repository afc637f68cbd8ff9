#include "plugins/common/http/date_time.h"

#include <array>
#include <cctype>
#include <chrono>
#include <string>

namespace wildwatch::plugins {
namespace {

// A cursor over the text with the few primitives both grammars need.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool Done() const { return pos_ >= text_.size(); }
  char Peek() const { return Done() ? '\0' : text_[pos_]; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  void SkipSpaces() {
    while (!Done() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  // Exactly n digits (n > 0), or at least 1 and at most n when !exact.
  bool Digits(int n, bool exact, int* value) {
    int count = 0;
    *value = 0;
    while (count < n && !Done() &&
           std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      *value = *value * 10 + (text_[pos_++] - '0');
      ++count;
    }
    return exact ? count == n : count > 0;
  }
  std::string_view Word() {
    size_t start = pos_;
    while (!Done() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool ValidDate(int y, int mo, int d, int h, int mi, int s) {
  using namespace std::chrono;
  return year_month_day(year(y), month(static_cast<unsigned>(mo)),
                        day(static_cast<unsigned>(d)))
             .ok() &&
         h <= 23 && mi <= 59 && s <= 60;  // 60: a leap second.
}

int64_t ToUnixMs(int y, int mo, int d, int h, int mi, int s, int ms,
                 int offset_minutes) {
  using namespace std::chrono;
  sys_days days = year_month_day(year(y), month(static_cast<unsigned>(mo)),
                                 day(static_cast<unsigned>(d)));
  int64_t seconds = days.time_since_epoch().count() * 86400LL + h * 3600LL +
                    mi * 60LL + s - offset_minutes * 60LL;
  return seconds * 1000 + ms;
}

Status Invalid(std::string_view what, std::string_view text) {
  return InvalidArgumentError("not an " + std::string(what) + " time: '" +
                              std::string(text) + "'");
}

// Reads "+hh:mm", "-hhmm" or "+hh" into minutes east of UTC.
bool NumericOffset(Scanner& in, int* minutes) {
  int sign = in.Consume('+') ? 1 : (in.Consume('-') ? -1 : 0);
  int hh = 0;
  int mm = 0;
  if (sign == 0 || !in.Digits(2, true, &hh)) return false;
  in.Consume(':');
  if (!in.Done() && !in.Digits(2, true, &mm)) return false;
  *minutes = sign * (hh * 60 + mm);
  return true;
}

}  // namespace

StatusOr<int64_t> ParseRfc3339(std::string_view text) {
  Scanner in(text);
  int y, mo, d, h, mi, s = 0;
  if (!in.Digits(4, true, &y) || !in.Consume('-') || !in.Digits(2, true, &mo) ||
      !in.Consume('-') || !in.Digits(2, true, &d)) {
    return Invalid("RFC 3339", text);
  }
  if (!in.Consume('T') && !in.Consume('t') && !in.Consume(' ')) {
    return Invalid("RFC 3339", text);
  }
  if (!in.Digits(2, true, &h) || !in.Consume(':') || !in.Digits(2, true, &mi) ||
      !in.Consume(':') || !in.Digits(2, true, &s)) {
    return Invalid("RFC 3339", text);
  }
  int ms = 0;
  if (in.Consume('.')) {
    int scale = 100;
    int digits = 0;
    while (std::isdigit(static_cast<unsigned char>(in.Peek()))) {
      int digit = 0;
      (void)in.Digits(1, true, &digit);
      ms += digit * scale;
      scale /= 10;
      ++digits;
    }
    if (digits == 0) return Invalid("RFC 3339", text);
  }
  int offset = 0;
  if (!in.Consume('Z') && !in.Consume('z') && !NumericOffset(in, &offset)) {
    return Invalid("RFC 3339", text);
  }
  if (!in.Done() || !ValidDate(y, mo, d, h, mi, s)) {
    return Invalid("RFC 3339", text);
  }
  return ToUnixMs(y, mo, d, h, mi, s, ms, offset);
}

StatusOr<int64_t> ParseRfc822(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec"};
  // RFC 822 section 5.1 zones plus the ones feeds use anyway.
  struct Zone {
    std::string_view name;
    int minutes;
  };
  static constexpr std::array<Zone, 12> kZones = {
      Zone{"gmt", 0},    Zone{"ut", 0},     Zone{"utc", 0},
      Zone{"z", 0},      Zone{"est", -300}, Zone{"edt", -240},
      Zone{"cst", -360}, Zone{"cdt", -300}, Zone{"mst", -420},
      Zone{"mdt", -360}, Zone{"pst", -480}, Zone{"pdt", -420}};
  auto lower = [](std::string_view w) {
    std::string s(w);
    for (char& c : s) c = static_cast<char>(std::tolower(c));
    return s;
  };

  Scanner in(text);
  in.SkipSpaces();
  if (std::isalpha(static_cast<unsigned char>(in.Peek()))) {
    in.Word();  // The weekday is redundant; sources often get it wrong.
    if (!in.Consume(',')) return Invalid("RFC 822", text);
    in.SkipSpaces();
  }
  int d, y, h, mi, s = 0;
  if (!in.Digits(2, false, &d)) return Invalid("RFC 822", text);
  in.SkipSpaces();
  std::string mon = lower(in.Word());
  int mo = 0;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (mon.size() >= 3 && mon.compare(0, 3, kMonths[i]) == 0) {
      mo = static_cast<int>(i) + 1;
    }
  }
  in.SkipSpaces();
  if (mo == 0 || !in.Digits(4, false, &y)) return Invalid("RFC 822", text);
  if (y < 100) y += y < 50 ? 2000 : 1900;  // RFC 822's two-digit years.
  in.SkipSpaces();
  if (!in.Digits(2, false, &h) || !in.Consume(':') ||
      !in.Digits(2, true, &mi)) {
    return Invalid("RFC 822", text);
  }
  if (in.Consume(':') && !in.Digits(2, true, &s)) {
    return Invalid("RFC 822", text);
  }
  in.SkipSpaces();
  int offset = 0;
  if (in.Peek() == '+' || in.Peek() == '-') {
    if (!NumericOffset(in, &offset)) return Invalid("RFC 822", text);
  } else if (!in.Done()) {
    std::string zone = lower(in.Word());
    bool known = false;
    for (const Zone& z : kZones) {
      if (z.name == zone) {
        offset = z.minutes;
        known = true;
      }
    }
    if (!known) return Invalid("RFC 822", text);
  }
  in.SkipSpaces();
  if (!in.Done() || !ValidDate(y, mo, d, h, mi, s)) {
    return Invalid("RFC 822", text);
  }
  return ToUnixMs(y, mo, d, h, mi, s, 0, offset);
}

}  // namespace wildwatch::plugins
