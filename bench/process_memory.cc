#include "bench/process_memory.h"

#include <fstream>
#include <string>
#include <string_view>

namespace wildwatch::bench {
namespace {

// The value of a "Key:   1234 kB" line of /proc/self/status, in bytes.
uint64_t StatusField(std::string_view key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == ':') {
      return std::stoull(line.substr(key.size() + 1)) * 1024;
    }
  }
  return 0;
}

}  // namespace

uint64_t ResidentBytes() { return StatusField("VmRSS"); }

uint64_t PeakResidentBytes() { return StatusField("VmHWM"); }

}  // namespace wildwatch::bench
