// Fuzzes text normalisation under every profile, and the mapping of
// normalised spans back to the original bytes that match evidence relies on.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "host/core/match.h"
#include "host/rules/normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the profile; the rest is the post's text.
  wildwatch::rules::NormalizeOptions options;
  options.leet = data[0] & 1;
  options.separators = data[0] & 2;
  options.homoglyphs = data[0] & 4;
  options.diacritics = data[0] & 8;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  wildwatch::rules::NormalizedText normalized =
      wildwatch::rules::Normalize(text, options);
  const uint32_t n = static_cast<uint32_t>(normalized.text().size());
  // Every prefix, suffix and the whole text map back inside the original.
  for (uint32_t cut = 0; cut <= n; cut += 1 + n / 16) {
    for (wildwatch::Span span :
         {wildwatch::Span{0, cut}, wildwatch::Span{cut, n}}) {
      wildwatch::Span original = normalized.ToOriginal(span);
      if (original.start > original.end || original.end > text.size()) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
