#include "bench/rule_set_matcher.h"

#include <utility>
#include <vector>

namespace wildwatch::bench {
namespace {

// Enough diagnostics to see what is wrong without flooding the report.
constexpr size_t kDiagnosticsShown = 3;

}  // namespace

StatusOr<std::unique_ptr<Matcher>> RuleSetMatcher::Create(
    const std::string& path, const rules::LoadOptions& options,
    int64_t* pattern_count) {
  std::vector<rules::Diagnostic> diagnostics;
  std::shared_ptr<const rules::RuleSet> set =
      rules::RuleSet::Load({path}, &diagnostics, options);
  if (set == nullptr) {
    std::string message =
        std::to_string(diagnostics.size()) + " problem(s) loading rules";
    for (size_t i = 0; i < diagnostics.size() && i < kDiagnosticsShown; ++i) {
      message += "; " + diagnostics[i].ToString();
    }
    return InvalidArgumentError(message);
  }
  *pattern_count = static_cast<int64_t>(set->pattern_count());
  return std::unique_ptr<Matcher>(new RuleSetMatcher(std::move(set)));
}

RuleSetMatcher::RuleSetMatcher(std::shared_ptr<const rules::RuleSet> set)
    : set_(std::move(set)) {}

bool RuleSetMatcher::Prepare(std::span<const CorpusPost> posts) {
  prepared_.clear();
  next_ = 0;
  for (const CorpusPost& post : posts) {
    prepared_.push_back(set_->Prepare(post.text));
  }
  return true;
}

bool RuleSetMatcher::Matches(std::string_view text, std::string_view lang) {
  if (next_ < prepared_.size() &&
      prepared_[next_].text().data() == text.data()) {
    return !set_->Match(prepared_[next_++], lang).empty();
  }
  return !set_->Match(text, lang).empty();
}

}  // namespace wildwatch::bench
