#include "bench/re2_set_matcher.h"

#include "bench/peer_re2_options.h"

namespace wildwatch::bench {

StatusOr<std::unique_ptr<Matcher>> Re2SetMatcher::Create(
    const std::vector<std::string>& patterns, int64_t max_mem) {
  // Not make_unique: the constructor is private to force Create.
  std::unique_ptr<Re2SetMatcher> matcher(new Re2SetMatcher(max_mem));
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::string error;
    if (matcher->set_.Add(patterns[i], &error) < 0) {
      return InvalidArgumentError("pattern " + std::to_string(i + 1) + " (" +
                                  patterns[i] + "): " + error);
    }
  }
  if (!matcher->set_.Compile()) {
    return ResourceExhaustedError(
        "RE2::Set of " + std::to_string(patterns.size()) +
        " patterns does not fit in max_mem " + std::to_string(max_mem));
  }
  return std::unique_ptr<Matcher>(std::move(matcher));
}

Re2SetMatcher::Re2SetMatcher(int64_t max_mem)
    : set_(PeerRe2Options(max_mem), RE2::UNANCHORED) {}

bool Re2SetMatcher::Matches(std::string_view text, std::string_view) {
  RE2::Set::ErrorInfo info;
  // No index vector: the DFA may then stop at the first match.
  if (set_.Match(re2::StringPiece(text.data(), text.size()), nullptr, &info)) {
    return true;
  }
  if (info.kind != RE2::Set::kNoError) ++failures_;
  return false;
}

}  // namespace wildwatch::bench
