#include "plugins/whatsapp/chat_export.h"

#include <array>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>

namespace wildwatch::whatsapp {
namespace {

constexpr std::string_view kLeftToRightMark = "\xE2\x80\x8E";
constexpr std::string_view kRightToLeftMark = "\xE2\x80\x8F";
constexpr std::string_view kNarrowNoBreakSpace = "\xE2\x80\xAF";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Words between the date and the time in some locales ("um", "klo", "à")
// are skipped, but only this many bytes, so that prose does not pass for a
// header.
constexpr size_t kMaxDateTimeGap = 12;

std::string_view SkipMarks(std::string_view s) {
  while (s.starts_with(kLeftToRightMark) || s.starts_with(kRightToLeftMark)) {
    s.remove_prefix(3);
  }
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

enum class AmPm { kNone, kAm, kPm };

// What a header line says, before the date's order is known.
struct Header {
  std::array<int, 3> numbers{};  // The date's numbers as written.
  std::array<int, 3> digits{};   // How many digits each had.
  int hour = 0;
  int minute = 0;
  int second = 0;
  AmPm am_pm = AmPm::kNone;
  bool system = false;
  std::string_view author;
  std::string_view body;  // For a system line, all of its text.
};

// Scans one header line left to right; every Read* advances only on
// success.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool AtEnd() const { return p_ >= s_.size(); }
  bool Peek(char c) const { return p_ < s_.size() && s_[p_] == c; }
  bool Read(char c) {
    if (!Peek(c)) return false;
    ++p_;
    return true;
  }
  bool Read(std::string_view text) {
    if (s_.substr(p_).starts_with(text)) {
      p_ += text.size();
      return true;
    }
    return false;
  }
  bool ReadOneOf(std::string_view chars) {
    if (AtEnd() || chars.find(s_[p_]) == std::string_view::npos) return false;
    ++p_;
    return true;
  }
  // 1..max_digits digits, not followed by another digit.
  bool ReadNumber(int max_digits, int* value, int* digits = nullptr) {
    size_t q = p_;
    int v = 0;
    while (q < s_.size() && IsDigit(s_[q]) && q - p_ < size_t(max_digits)) {
      v = v * 10 + (s_[q] - '0');
      ++q;
    }
    if (q == p_ || (q < s_.size() && IsDigit(s_[q]))) return false;
    if (digits != nullptr) *digits = static_cast<int>(q - p_);
    *value = v;
    p_ = q;
    return true;
  }
  // Skips up to max bytes that are not digits.
  void SkipNonDigits(size_t max) {
    for (size_t n = 0; n < max && !AtEnd() && !IsDigit(s_[p_]); ++n) ++p_;
  }
  // "AM", "pm", "a.m.", "p. m.", after a space, U+202F or U+00A0.
  AmPm ReadAmPm() {
    Scanner t = *this;
    if (!t.Read(' ') && !t.Read(kNarrowNoBreakSpace) &&
        !t.Read(kNoBreakSpace)) {
      return AmPm::kNone;
    }
    AmPm result;
    if (t.ReadOneOf("aA")) {
      result = AmPm::kAm;
    } else if (t.ReadOneOf("pP")) {
      result = AmPm::kPm;
    } else {
      return AmPm::kNone;
    }
    t.Read('.');
    if (!t.Read(' ')) t.Read(kNarrowNoBreakSpace);
    if (!t.ReadOneOf("mM")) return AmPm::kNone;
    t.Read('.');
    *this = t;
    return result;
  }
  std::string_view Rest() const { return s_.substr(p_); }

 private:
  std::string_view s_;
  size_t p_ = 0;
};

std::optional<Header> ParseHeader(std::string_view line) {
  Scanner s(SkipMarks(line));
  Header h;
  bool bracketed = s.Read('[');
  for (int i = 0; i < 3; ++i) {
    if (!s.ReadNumber(4, &h.numbers[i], &h.digits[i])) return std::nullopt;
    if (i < 2) {
      if (!s.ReadOneOf("-/.")) return std::nullopt;
      s.Read(' ');
    }
  }
  s.ReadOneOf(",.");
  if (!s.Read(' ')) return std::nullopt;
  s.SkipNonDigits(kMaxDateTimeGap);
  if (!s.ReadNumber(2, &h.hour) || !s.ReadOneOf(".:") ||
      !s.ReadNumber(2, &h.minute)) {
    return std::nullopt;
  }
  Scanner seconds = s;
  if (seconds.ReadOneOf(".:") && seconds.ReadNumber(2, &h.second)) s = seconds;
  h.am_pm = s.ReadAmPm();
  if (bracketed && !s.Read(']')) return std::nullopt;
  if (!s.Read(" -")) s.Read(':');
  if (!s.Read(' ') || s.AtEnd()) return std::nullopt;
  std::string_view rest = s.Rest();
  size_t colon = rest.find(": ");
  if (colon == std::string_view::npos || colon == 0) {
    h.system = true;
    h.body = rest;
  } else {
    h.author = rest.substr(0, colon);
    h.body = rest.substr(colon + 2);
  }
  return h;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Unix milliseconds of the header's local time, or nullopt with *error set.
std::optional<int64_t> HeaderTime(const Header& h, DateOrder order,
                                  int offset_minutes, std::string* error) {
  int day, month, year, year_digits;
  switch (order) {
    case DateOrder::kYearMonthDay:
      std::tie(year, month, day) =
          std::tuple(h.numbers[0], h.numbers[1], h.numbers[2]);
      year_digits = h.digits[0];
      break;
    case DateOrder::kMonthDayYear:
      std::tie(month, day, year) =
          std::tuple(h.numbers[0], h.numbers[1], h.numbers[2]);
      year_digits = h.digits[2];
      break;
    default:
      std::tie(day, month, year) =
          std::tuple(h.numbers[0], h.numbers[1], h.numbers[2]);
      year_digits = h.digits[2];
      break;
  }
  if (year_digits <= 2) year += 2000;  // Exports began in 2009.
  if (year_digits == 3 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    *error = "impossible date";
    return std::nullopt;
  }
  int hour = h.hour;
  if (h.am_pm == AmPm::kNone) {
    if (hour > 23) hour = -1;
  } else if (hour > 12) {
    hour = -1;
  } else {
    // 12 AM is midnight and 12 PM noon.
    hour = hour % 12 + (h.am_pm == AmPm::kPm ? 12 : 0);
  }
  if (hour < 0 || h.minute > 59 || h.second > 59) {
    *error = "impossible time";
    return std::nullopt;
  }
  int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 +
                    h.minute * 60 + h.second - int64_t{offset_minutes} * 60;
  return seconds * 1000;
}

// The reference parser's three tests, in its order; see chat_export.h.
DateOrder InferDateOrder(const std::vector<Header>& headers) {
  if (headers.empty()) return DateOrder::kDayMonthYear;
  if (headers.front().digits[0] >= 3) return DateOrder::kYearMonthDay;
  std::vector<std::array<int, 3>> dates;  // Distinct, in order of appearance.
  std::set<std::array<int, 3>> seen;
  for (const Header& h : headers) {
    if (seen.insert(h.numbers).second) dates.push_back(h.numbers);
  }
  for (const auto& d : dates) {
    if (d[0] > 12) return DateOrder::kDayMonthYear;
  }
  for (const auto& d : dates) {
    if (d[1] > 12) return DateOrder::kMonthDayYear;
  }
  // Within one year months never go down, so a number that does is the day.
  bool first_decreases = false, second_decreases = false;
  for (size_t i = 1; i < dates.size(); ++i) {
    if (dates[i][2] != dates[i - 1][2]) continue;
    first_decreases |= dates[i][0] < dates[i - 1][0];
    second_decreases |= dates[i][1] < dates[i - 1][1];
  }
  if (first_decreases) return DateOrder::kDayMonthYear;
  if (second_decreases) return DateOrder::kMonthDayYear;
  int64_t first_change = 0, second_change = 0;
  for (size_t i = 1; i < dates.size(); ++i) {
    first_change += std::abs(dates[i][0] - dates[i - 1][0]);
    second_change += std::abs(dates[i][1] - dates[i - 1][1]);
  }
  return second_change > first_change ? DateOrder::kMonthDayYear
                                      : DateOrder::kDayMonthYear;
}

std::string DetectMedia(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  if (first == "<Media omitted>" || first == "<Medien ausgeschlossen>") {
    return "omitted";
  }
  // "<attached: 00000012-PHOTO.jpg>", the reference parser's <.+:(.+)>.
  size_t open = first.find('<');
  size_t close = first.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos &&
      open + 1 < close) {
    std::string_view inner = first.substr(open + 1, close - open - 1);
    size_t colon = inner.rfind(':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string_view name = Trim(inner.substr(colon + 1));
      if (!name.empty()) return std::string(name);
    }
  }
  // Android exports made with media: "IMG-20240115-WA0001.jpg (file
  // attached)".
  for (std::string_view suffix : {" (file attached)", " (Datei angehängt)"}) {
    if (first.ends_with(suffix)) {
      return std::string(
          SkipMarks(first.substr(0, first.size() - suffix.size())));
    }
  }
  // iOS exports made without media: "image omitted", "Video weggelassen".
  if (text.size() == first.size()) {
    for (std::string_view suffix : {" omitted", " weggelassen"}) {
      if (first.ends_with(suffix) && first.size() - suffix.size() <= 16) {
        std::string_view kind = first.substr(0, first.size() - suffix.size());
        if (!kind.empty() && kind.find(' ') == std::string_view::npos) {
          return std::string(kind);
        }
      }
    }
  }
  return {};
}

struct Line {
  size_t begin;
  size_t end;             // After the line end.
  std::string_view text;  // Without "\n" and "\r".
};

std::vector<Line> SplitLines(std::string_view content) {
  std::vector<Line> lines;
  size_t pos = content.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    size_t end = nl == std::string_view::npos ? content.size() : nl + 1;
    std::string_view text = content.substr(pos, end - pos);
    if (text.ends_with('\n')) text.remove_suffix(1);
    if (text.ends_with('\r')) text.remove_suffix(1);
    lines.push_back(Line{pos, end, text});
    pos = end;
  }
  return lines;
}

}  // namespace

ParsedChat ParseChatExport(std::string_view content,
                           const ChatParseOptions& options) {
  std::vector<Line> lines = SplitLines(content);
  // Group lines: each group is a header line and its continuation lines, or
  // leading text before any header (header index -1).
  struct Group {
    size_t first_line;
    size_t last_line;  // Last non-blank line of the group.
    int header = -1;   // Index into headers.
  };
  std::vector<Header> headers;
  std::vector<Group> groups;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::optional<Header> header = ParseHeader(lines[i].text);
    if (header) {
      headers.push_back(*header);
      groups.push_back(Group{i, i, static_cast<int>(headers.size() - 1)});
    } else if (IsBlank(lines[i].text)) {
      continue;
    } else if (groups.empty()) {
      groups.push_back(Group{i, i, -1});
    } else {
      groups.back().last_line = i;
    }
  }

  ParsedChat parsed;
  parsed.date_order = options.date_order == DateOrder::kAuto
                          ? InferDateOrder(headers)
                          : options.date_order;
  for (const Group& g : groups) {
    ChatEntry e;
    e.begin = lines[g.first_line].begin;
    e.end = lines[g.last_line].end;
    e.line = g.first_line + 1;
    e.raw =
        content.substr(e.begin, lines[g.last_line].begin +
                                    lines[g.last_line].text.size() - e.begin);
    if (g.header < 0) {
      e.kind = ChatEntry::Kind::kMalformed;
      e.error = "text before the first message";
      parsed.entries.push_back(std::move(e));
      continue;
    }
    const Header& h = headers[g.header];
    std::optional<int64_t> time = HeaderTime(
        h, parsed.date_order, options.timezone_offset_minutes, &e.error);
    if (!time) {
      e.kind = ChatEntry::Kind::kMalformed;
    } else if (h.system) {
      e.kind = ChatEntry::Kind::kSystem;
      e.time_ms = *time;
      e.text = h.body;
    } else {
      e.kind = ChatEntry::Kind::kMessage;
      e.time_ms = *time;
      e.author = h.author;
      e.text = SkipMarks(h.body);
      for (size_t i = g.first_line + 1; i <= g.last_line; ++i) {
        e.text += '\n';
        e.text += lines[i].text;
      }
      e.media = DetectMedia(e.text);
    }
    parsed.entries.push_back(std::move(e));
  }
  return parsed;
}

}  // namespace wildwatch::whatsapp
