#include "bench/hyperscan_matcher.h"

#include <limits>

namespace wildwatch::bench {
namespace {

// Stops the scan at the first hit: returning non-zero terminates it.
int OnMatch(unsigned int, unsigned long long, unsigned long long, unsigned int,
            void*) {
  return 1;
}

}  // namespace

StatusOr<std::unique_ptr<Matcher>> HyperscanMatcher::Create(
    const std::vector<std::string>& patterns) {
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    expressions.push_back(patterns[i].c_str());
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned int>(i));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned int>(expressions.size()),
                       HS_MODE_BLOCK, nullptr, &database,
                       &error) != HS_SUCCESS) {
    std::string message = error->message;
    if (error->expression >= 0) {
      message = "pattern " + std::to_string(error->expression + 1) + " (" +
                patterns[error->expression] + "): " + message;
    }
    hs_free_compile_error(error);
    return InvalidArgumentError(message);
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
    hs_free_database(database);
    return ResourceExhaustedError("cannot allocate Hyperscan scratch");
  }
  return std::unique_ptr<Matcher>(new HyperscanMatcher(database, scratch));
}

HyperscanMatcher::HyperscanMatcher(hs_database_t* database,
                                   hs_scratch_t* scratch)
    : database_(database), scratch_(scratch) {}

HyperscanMatcher::~HyperscanMatcher() {
  hs_free_scratch(scratch_);
  hs_free_database(database_);
}

bool HyperscanMatcher::Matches(std::string_view text, std::string_view) {
  if (text.size() > std::numeric_limits<unsigned int>::max()) {
    ++failures_;
    return false;
  }
  const hs_error_t result =
      hs_scan(database_, text.data(), static_cast<unsigned int>(text.size()), 0,
              scratch_, OnMatch, nullptr);
  if (result == HS_SCAN_TERMINATED) return true;
  if (result != HS_SUCCESS) ++failures_;
  return false;
}

}  // namespace wildwatch::bench
