#include "bench/pattern_list.h"

#include <fstream>

namespace wildwatch::bench {

StatusOr<std::vector<std::string>> ReadPatternList(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot read pattern list " + path);
  std::vector<std::string> patterns;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) patterns.push_back(line);
  }
  if (patterns.empty()) return InvalidArgumentError("no pattern in " + path);
  return patterns;
}

}  // namespace wildwatch::bench
