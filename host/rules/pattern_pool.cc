#include "host/rules/pattern_pool.h"

namespace wildwatch::rules {

namespace {

// Length of the UTF-8 sequence starting with lead byte c; 1 for a stray
// continuation or invalid byte, so scanning always advances.
size_t Utf8Length(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC2 && c < 0xE0) return 2;
  return 1;
}

}  // namespace

PatternPool::PatternPool(int64_t max_mem) : max_mem_(max_mem) {}

RE2::Options PatternPool::Options(int64_t max_mem) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

int PatternPool::Add(std::string_view pattern, std::string* error) {
  std::string key(pattern);
  auto found = ids_.find(key);
  if (found != ids_.end()) return found->second;
  auto re = std::make_unique<RE2>(key, Options(max_mem_));
  if (!re->ok()) {
    // RE2's error() is "<what>: <fragment>"; quoting the fragment on its
    // own keeps it readable when it contains ':' or spaces.
    const std::string& arg = re->error_arg();
    *error = re->error();
    const std::string suffix = ": " + arg;
    if (!arg.empty() && error->size() > suffix.size() &&
        error->compare(error->size() - suffix.size(), suffix.size(), suffix) ==
            0) {
      error->resize(error->size() - suffix.size());
    }
    if (!arg.empty()) *error += " at '" + arg + "'";
    return -1;
  }
  // A pattern that matches the empty text matches at the start of every
  // text; as `any` or `all` it would hit every post, as `unless` veto all.
  if (RE2::PartialMatch("", *re)) {
    *error = "pattern matches the empty string, so it would match every post";
    return -1;
  }
  const int id = size();
  regexes_.push_back(std::move(re));
  ids_.emplace(std::move(key), id);
  return id;
}

bool PatternPool::Matches(int id, std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()),
                           *regexes_[id]);
}

void PatternPool::FindAll(int id, std::string_view text,
                          std::vector<Span>* spans) const {
  const RE2& re = *regexes_[id];
  const re2::StringPiece whole(text.data(), text.size());
  size_t pos = 0;
  re2::StringPiece m;
  while (pos <= text.size() &&
         re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    const size_t start = static_cast<size_t>(m.data() - text.data());
    const size_t end = start + m.size();
    if (m.empty()) {
      // Only lookaround-like patterns such as \b get here (Add rejects
      // patterns matching ""); skip one character so the loop advances.
      if (start >= text.size()) break;
      pos = start + Utf8Length(static_cast<unsigned char>(text[start]));
      continue;
    }
    spans->push_back(
        Span{static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
    pos = end;
  }
}

}  // namespace wildwatch::rules
