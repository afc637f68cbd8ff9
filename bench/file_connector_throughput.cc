// Read throughput of a file connector (whatsapp, mbox) through the host's
// loader, as wildwatchd drives it.
//
//   file_connector_throughput --plugin NAME --fixture FILE
//       [--mib N] [--batch N] [--name FILE_NAME]
//
// Writes FILE repeated to about N MiB (default 50) into a temporary
// directory as FILE_NAME (default: FILE's name), reads it to its end with
// {"path": <that file>} and prints posts/s and MiB/s of the read, parsing
// included. Repetition keeps the export's own mix of formats, multi-line
// messages, encodings and malformed items; repeated mail Message-IDs do not
// matter to the connector.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "plugins/common/files/testing/connector_reader.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::string plugin, fixture, name;
  uint64_t mib = 50;
  uint32_t batch = 256;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--plugin") plugin = argv[i + 1];
    if (flag == "--fixture") fixture = argv[i + 1];
    if (flag == "--name") name = argv[i + 1];
    if (flag == "--mib") mib = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--batch") batch = std::strtoul(argv[i + 1], nullptr, 10);
  }
  if (plugin.empty() || fixture.empty()) {
    std::fprintf(stderr,
                 "usage: %s --plugin NAME --fixture FILE [--mib N] "
                 "[--batch N] [--name FILE_NAME]\n",
                 argv[0]);
    return 2;
  }
  if (batch == 0) batch = 1;
  std::ifstream in(fixture, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string unit = buffer.str();
  if (unit.empty()) {
    std::fprintf(stderr, "cannot read %s\n", fixture.c_str());
    return 1;
  }
  // Each copy starts after an empty line: an mbox separator needs one, and
  // chat exports skip it.
  if (!unit.ends_with('\n')) unit += '\n';
  if (!unit.ends_with("\n\n")) unit += '\n';
  if (name.empty()) name = fs::path(fixture).filename().string();

  const fs::path dir =
      fs::temp_directory_path() /
      ("file_connector_throughput_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string file = (dir / name).string();
  {
    std::ofstream out(file, std::ios::binary);
    for (uint64_t written = 0; written < (mib << 20); written += unit.size()) {
      out << unit;
    }
  }
  const double file_mib =
      static_cast<double>(fs::file_size(file)) / (1024.0 * 1024.0);

  auto library = wildwatch::PluginLibrary::Load(wildwatch::ResolvePluginPath(
      plugin, std::string(WILDWATCH_BINARY_DIR) + "/plugins"));
  if (!library.ok()) {
    std::fprintf(stderr, "%s\n", library.status().ToString().c_str());
    fs::remove_all(dir);
    return 1;
  }
  const std::string config = R"({"path": ")" + file + R"("})";
  wildwatch::plugins::RecordingHost host;
  // CPU time too: on a shared machine the wall clock also counts waiting.
  const std::clock_t cpu_started = std::clock();
  auto started = std::chrono::steady_clock::now();
  wildwatch::plugins::ConnectorRead read = wildwatch::plugins::ReadConnector(
      *library, config, std::nullopt, &host, batch);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  const double cpu_seconds =
      static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;
  std::printf(
      "%s: %.1f MiB, %zu posts (%llu malformed items) in %.2f s: "
      "%.0f posts/s, %.1f MiB/s; %.2f s CPU: %.0f posts per CPU second\n",
      plugin.c_str(), file_mib, read.posts.size(),
      static_cast<unsigned long long>(host.Counter("malformed_items")), seconds,
      read.posts.size() / seconds, file_mib / seconds, cpu_seconds,
      read.posts.size() / cpu_seconds);
  fs::remove_all(dir);
  if (read.final_status != WW_STATUS_END_OF_STREAM) {
    std::fprintf(stderr, "read ended with status %d: %s\n", read.final_status,
                 read.error.c_str());
    return 1;
  }
  return 0;
}
