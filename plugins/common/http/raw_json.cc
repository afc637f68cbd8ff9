#include "plugins/common/http/raw_json.h"

#include <nlohmann/json.hpp>
#include <string>

namespace wildwatch::plugins {
namespace {

// A scanner over text already known to be valid JSON, so it only needs to
// find where values end, not to check them.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void SkipSpace(size_t& pos) const {
    while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t' ||
                                  text_[pos] == '\n' || text_[pos] == '\r')) {
      ++pos;
    }
  }

  // REQUIRES: text_[pos] starts a value. Returns the index after it.
  size_t SkipValue(size_t pos) const {
    char c = text_[pos];
    if (c == '"') return SkipString(pos);
    if (c == '{' || c == '[') {
      int depth = 0;
      while (true) {
        c = text_[pos];
        if (c == '"') {
          pos = SkipString(pos);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) return pos + 1;
        ++pos;
      }
    }
    while (pos < text_.size() &&
           std::string_view(",}] \t\r\n").find(text_[pos]) ==
               std::string_view::npos) {
      ++pos;
    }
    return pos;
  }

  // The element or member value that token selects in the container at pos,
  // or npos.
  size_t Child(size_t pos, const std::string& token) const {
    bool object = text_[pos] == '{';
    size_t index = 0;
    if (!object) {
      if (token.empty() ||
          token.find_first_not_of("0123456789") != std::string::npos) {
        return std::string_view::npos;
      }
      index = std::stoul(token);
    }
    ++pos;
    for (size_t i = 0;; ++i) {
      SkipSpace(pos);
      if (text_[pos] == '}' || text_[pos] == ']') return std::string_view::npos;
      bool match = i == index;
      if (object) {
        size_t key_end = SkipString(pos);
        match = nlohmann::json::parse(text_.substr(pos, key_end - pos))
                    .get<std::string>() == token;
        pos = key_end;
        SkipSpace(pos);
        ++pos;  // ':'
        SkipSpace(pos);
      }
      if (match) return pos;
      pos = SkipValue(pos);
      SkipSpace(pos);
      if (text_[pos] == ',') ++pos;
    }
  }

  std::vector<std::string_view> Elements(size_t pos) const {
    std::vector<std::string_view> out;
    ++pos;
    while (true) {
      SkipSpace(pos);
      if (text_[pos] == ']') return out;
      size_t end = SkipValue(pos);
      out.push_back(text_.substr(pos, end - pos));
      pos = end;
      SkipSpace(pos);
      if (text_[pos] == ',') ++pos;
    }
  }

 private:
  size_t SkipString(size_t pos) const {
    for (++pos; text_[pos] != '"'; ++pos) {
      if (text_[pos] == '\\') ++pos;
    }
    return pos + 1;
  }

  std::string_view text_;
};

}  // namespace

StatusOr<std::vector<std::string_view>> RawJsonArray(
    std::string_view document, std::string_view json_pointer) {
  if (!nlohmann::json::accept(document)) {
    return InvalidArgumentError("response is not valid JSON");
  }
  std::vector<std::string> tokens;
  try {
    nlohmann::json::json_pointer pointer{std::string(json_pointer)};
    while (!pointer.empty()) {
      tokens.insert(tokens.begin(), pointer.back());
      pointer.pop_back();
    }
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError("bad JSON Pointer '" +
                                std::string(json_pointer) + "': " + e.what());
  }
  Scanner scanner(document);
  size_t pos = 0;
  scanner.SkipSpace(pos);
  for (const std::string& token : tokens) {
    if (document[pos] != '{' && document[pos] != '[') pos = std::string::npos;
    if (pos != std::string::npos) pos = scanner.Child(pos, token);
    if (pos == std::string::npos) {
      return NotFoundError("nothing at JSON Pointer '" +
                           std::string(json_pointer) + "'");
    }
  }
  if (document[pos] != '[') {
    return FailedPreconditionError("value at JSON Pointer '" +
                                   std::string(json_pointer) +
                                   "' is not an array");
  }
  return scanner.Elements(pos);
}

}  // namespace wildwatch::plugins
