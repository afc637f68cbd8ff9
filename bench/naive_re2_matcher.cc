#include "bench/naive_re2_matcher.h"

#include <utility>

#include "bench/peer_re2_options.h"

namespace wildwatch::bench {

StatusOr<std::unique_ptr<Matcher>> NaiveRe2Matcher::Create(
    const std::vector<std::string>& patterns, int64_t max_mem_per_pattern) {
  const RE2::Options options = PeerRe2Options(max_mem_per_pattern);
  std::vector<std::unique_ptr<RE2>> regexes;
  regexes.reserve(patterns.size());
  for (size_t i = 0; i < patterns.size(); ++i) {
    auto re = std::make_unique<RE2>(patterns[i], options);
    if (!re->ok()) {
      return InvalidArgumentError("pattern " + std::to_string(i + 1) + " (" +
                                  patterns[i] + "): " + re->error());
    }
    regexes.push_back(std::move(re));
  }
  return std::unique_ptr<Matcher>(new NaiveRe2Matcher(std::move(regexes)));
}

NaiveRe2Matcher::NaiveRe2Matcher(std::vector<std::unique_ptr<RE2>> regexes)
    : regexes_(std::move(regexes)) {}

bool NaiveRe2Matcher::Matches(std::string_view text, std::string_view) {
  const re2::StringPiece piece(text.data(), text.size());
  for (const std::unique_ptr<RE2>& re : regexes_) {
    if (RE2::PartialMatch(piece, *re)) return true;
  }
  return false;
}

}  // namespace wildwatch::bench
