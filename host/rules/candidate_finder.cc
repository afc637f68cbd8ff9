#include "host/rules/candidate_finder.h"

#include <algorithm>
#include <cassert>
#include <string>

namespace wildwatch::rules {

CandidateFinder::CandidateFinder(const PatternPool* pool, int64_t max_mem)
    : pool_(pool), set_(PatternPool::Options(max_mem), RE2::UNANCHORED) {}

void CandidateFinder::Add(int id) {
  assert(!compiled_);
  if (static_cast<size_t>(id) >= added_.size()) added_.resize(id + 1, false);
  if (added_[id]) return;
  added_[id] = true;
  ids_.push_back(id);
}

Status CandidateFinder::Compile() {
  assert(!compiled_);
  for (int id : ids_) {
    std::string error;
    if (set_.Add(pool_->pattern(id), &error) < 0) {
      return InternalError("pattern '" + pool_->pattern(id) +
                           "' rejected by the combined matcher: " + error);
    }
  }
  // An empty RE2::Set refuses to match; with no patterns Find is trivial.
  if (!ids_.empty() && !set_.Compile()) {
    return ResourceExhaustedError(
        "the patterns do not fit in the combined matcher's memory budget; "
        "simplify patterns or raise max_candidate_mem");
  }
  compiled_ = true;
  return OkStatus();
}

void CandidateFinder::Find(std::string_view text, std::vector<int>* ids) const {
  assert(compiled_);
  ids->clear();
  if (ids_.empty()) return;
  std::vector<int> indices;
  RE2::Set::ErrorInfo error;
  if (set_.Match(re2::StringPiece(text.data(), text.size()), &indices,
                 &error)) {
    for (int index : indices) ids->push_back(ids_[index]);
  } else if (error.kind != RE2::Set::kNoError) {
    // Out of DFA memory on this text (the only runtime failure once
    // compiled): answer exactly, one pattern at a time.
    for (int id : ids_) {
      if (pool_->Matches(id, text)) ids->push_back(id);
    }
  }
  std::sort(ids->begin(), ids->end());
}

}  // namespace wildwatch::rules
