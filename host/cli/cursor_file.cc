#include "host/cli/cursor_file.h"

#include <filesystem>
#include <fstream>

namespace wildwatch::cli {

std::optional<uint64_t> LoadCursor(const std::string& path) {
  std::ifstream in(path);
  uint64_t sequence = 0;
  if (in >> sequence) return sequence;
  return std::nullopt;
}

bool SaveCursor(const std::string& path, uint64_t sequence) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << sequence << "\n";
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

}  // namespace wildwatch::cli
