#include "plugins/telegram/tdesktop_json.h"

#include <cctype>

namespace wildwatch::telegram {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Finds where values end in text that may not be valid JSON. Every method
// takes the position to start at and returns the position after what it
// consumed, or an error naming the offset.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  size_t SkipSpace(size_t pos) const {
    while (pos < text_.size() && IsSpace(text_[pos])) ++pos;
    return pos;
  }

  Status Expect(size_t pos, char c) const {
    if (pos < text_.size() && text_[pos] == c) return OkStatus();
    return Error(pos, std::string("expected '") + c + "'");
  }

  // REQUIRES: text_[pos] == '"'.
  StatusOr<size_t> SkipString(size_t pos) const {
    for (size_t i = text_.find_first_of("\\\"", pos + 1);
         i != std::string_view::npos; i = text_.find_first_of("\\\"", i + 2)) {
      // A backslash escapes whatever follows, '"' and '\\' included.
      if (text_[i] == '"') return i + 1;
    }
    return Error(pos, "unterminated string");
  }

  StatusOr<size_t> SkipValue(size_t pos) const {
    if (pos >= text_.size()) return Error(pos, "expected a value");
    char c = text_[pos];
    if (c == '"') return SkipString(pos);
    if (c == '{' || c == '[') return SkipContainer(pos);
    size_t end = pos;
    while (end < text_.size() && !IsSpace(text_[end]) &&
           std::string_view(",:{}[]\"").find(text_[end]) ==
               std::string_view::npos) {
      ++end;
    }
    if (end == pos) return Error(pos, "expected a value");
    return end;
  }

  Status Error(size_t pos, const std::string& what) const {
    return InvalidArgumentError("JSON: " + what + " at byte " +
                                std::to_string(pos));
  }

  std::string_view Slice(size_t begin, size_t end) const {
    return text_.substr(begin, end - begin);
  }
  size_t size() const { return text_.size(); }
  char at(size_t pos) const { return text_[pos]; }

 private:
  // Matches brackets with an explicit stack rather than recursion, so a
  // hostile file nested a million deep cannot overflow the stack.
  StatusOr<size_t> SkipContainer(size_t pos) const {
    std::string closers;
    for (size_t i = pos; i < text_.size(); ++i) {
      i = text_.find_first_of("\"{}[]", i);
      if (i == std::string_view::npos) break;
      char c = text_[i];
      if (c == '"') {
        StatusOr<size_t> end = SkipString(i);
        if (!end.ok()) return end;
        i = *end - 1;
      } else if (c == '{') {
        closers.push_back('}');
      } else if (c == '[') {
        closers.push_back(']');
      } else if (c == '}' || c == ']') {
        if (closers.back() != c) return Error(i, "mismatched bracket");
        closers.pop_back();
        if (closers.empty()) return i + 1;
      }
    }
    return Error(pos, "unterminated container");
  }

  std::string_view text_;
};

// Scans the container text holds (open and close are its brackets), calling
// on_item(scanner, pos) at the start of each item; on_item returns the
// position after the item.
template <typename OnItem>
Status ScanContainer(std::string_view text, char open, char close,
                     OnItem on_item) {
  Scanner s(text);
  size_t pos = s.SkipSpace(0);
  if (Status st = s.Expect(pos, open); !st.ok()) return st;
  pos = s.SkipSpace(pos + 1);
  if (pos < s.size() && s.at(pos) == close) {
    pos = s.SkipSpace(pos + 1);
  } else {
    while (true) {
      StatusOr<size_t> next = on_item(s, pos);
      if (!next.ok()) return next.status();
      pos = s.SkipSpace(*next);
      if (pos < s.size() && s.at(pos) == ',') {
        pos = s.SkipSpace(pos + 1);
        continue;
      }
      if (Status st = s.Expect(pos, close); !st.ok()) return st;
      pos = s.SkipSpace(pos + 1);
      break;
    }
  }
  if (pos != s.size()) return s.Error(pos, "unexpected text after the value");
  return OkStatus();
}

}  // namespace

StatusOr<std::vector<JsonMember>> ScanObject(std::string_view text) {
  std::vector<JsonMember> members;
  Status status = ScanContainer(
      text, '{', '}', [&](const Scanner& s, size_t pos) -> StatusOr<size_t> {
        if (Status st = s.Expect(pos, '"'); !st.ok()) return st;
        StatusOr<size_t> key_end = s.SkipString(pos);
        if (!key_end.ok()) return key_end;
        size_t colon = s.SkipSpace(*key_end);
        if (Status st = s.Expect(colon, ':'); !st.ok()) return st;
        size_t value = s.SkipSpace(colon + 1);
        StatusOr<size_t> value_end = s.SkipValue(value);
        if (!value_end.ok()) return value_end;
        members.push_back(
            {s.Slice(pos + 1, *key_end - 1), s.Slice(value, *value_end)});
        return *value_end;
      });
  if (!status.ok()) return status;
  return members;
}

StatusOr<std::vector<std::string_view>> ScanArray(std::string_view text) {
  std::vector<std::string_view> elements;
  Status status = ScanContainer(
      text, '[', ']', [&](const Scanner& s, size_t pos) -> StatusOr<size_t> {
        StatusOr<size_t> end = s.SkipValue(pos);
        if (end.ok()) elements.push_back(s.Slice(pos, *end));
        return end;
      });
  if (!status.ok()) return status;
  return elements;
}

std::string RewriteHexEscapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;  // text[copied, i) is still to be appended.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) continue;
    if (text[i + 1] == 'x' && i + 3 < text.size() && IsHex(text[i + 2]) &&
        IsHex(text[i + 3])) {
      out.append(text.substr(copied, i - copied));
      out.append("\\u00");
      out.append(text.substr(i + 2, 2));
      copied = i + 4;
      i += 3;
    } else {
      ++i;  // An escaped character, possibly a backslash: never a \x start.
    }
  }
  out.append(text.substr(copied));
  return out;
}

StatusOr<nlohmann::json> ParseTdesktopJson(std::string_view text) {
  // Caught here so that no exception leaves the function; the parser's
  // message names the offending byte.
  try {
    return nlohmann::json::parse(RewriteHexEscapes(text));
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError(std::string("JSON: ") + e.what());
  }
}

}  // namespace wildwatch::telegram
