// Fuzzes the rule-file pipeline on one file: YAML parsing (v1 and v2),
// validation, reference resolution and pattern compilation. A rule file is
// admin input, but a malformed one must be a diagnostic, never a crash.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "host/rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  std::vector<wildwatch::rules::Diagnostic> diagnostics;
  std::shared_ptr<const wildwatch::rules::RuleSet> set =
      wildwatch::rules::RuleSet::LoadFromString(yaml, "fuzz.yaml",
                                                &diagnostics);
  // Load's contract: null exactly when there is a problem to report.
  if ((set == nullptr) == diagnostics.empty()) __builtin_trap();
  return 0;
}
