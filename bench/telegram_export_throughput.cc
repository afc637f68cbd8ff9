// Throughput of the telegram connector's export mode, through the host's
// loader as wildwatchd drives it.
//
//   telegram_export_throughput [--mib N] [--batch N] [--plugin PATH]
//
// Writes a single-chat Telegram Desktop export of about N MiB (default 50)
// to a temporary directory, in tdesktop's layout: one-space indentation,
// text as a string or an array of entity objects, \xHH escapes, a service
// message every tenth message. Then reads it to its end and prints posts/s
// and MiB/s of the read (file parse included), and the same for a resumed
// read from the middle. Rates are given per wall-clock second and per
// second of process CPU time, which stays meaningful on a busy machine.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "plugins/common/files/testing/connector_reader.h"

namespace {

namespace fs = std::filesystem;

std::string Message(int id) {
  const std::string date = std::to_string(1677661200 + id * 60);
  std::string head = " {\n  \"id\": " + std::to_string(id) +
                     ",\n  \"type\": \"" +
                     (id % 10 == 0 ? "service" : "message") +
                     "\",\n  \"date\": \"2023-03-01T09:00:00\",\n"
                     "  \"date_unixtime\": \"" +
                     date +
                     "\",\n  \"from\": \"Exotic Pets Wholesale\",\n"
                     "  \"from_id\": \"channel1783402231\",\n";
  if (id % 3 == 0) {
    return head +
           "  \"text\": [\n   {\n    \"type\": \"bold\",\n    \"text\": "
           "\"Pangolin scales\"\n   },\n   \" lot " +
           std::to_string(id) +
           ", 5kg\\x09see \",\n   {\n    \"type\": \"link\",\n    \"text\": "
           "\"https://shop.example/p/" +
           std::to_string(id) +
           "\"\n   }\n  ],\n  \"text_entities\": [\n   {\n    \"type\": "
           "\"bold\",\n    \"text\": \"Pangolin scales\"\n   },\n   {\n    "
           "\"type\": \"plain\",\n    \"text\": \" lot " +
           std::to_string(id) +
           ", 5kg\\x09see \"\n   },\n   {\n    \"type\": \"link\",\n    "
           "\"text\": \"https://shop.example/p/" +
           std::to_string(id) + "\"\n   }\n  ]\n }";
  }
  const std::string text = "Raw ivory bangles in stock, lot " +
                           std::to_string(id) +
                           ", DM for price \\u2028 shipping worldwide";
  return head + "  \"text\": \"" + text +
         "\",\n  \"text_entities\": [\n   {\n    \"type\": \"plain\",\n    "
         "\"text\": \"" +
         text + "\"\n   }\n  ]\n }";
}

// Returns the number of messages written.
int WriteExport(const std::string& path, uint64_t bytes) {
  std::ofstream out(path, std::ios::binary);
  out << "{\n \"name\": \"Exotic Pets Wholesale\",\n \"type\": "
         "\"public_channel\",\n \"id\": 1783402231,\n \"messages\": [\n";
  uint64_t written = 0;
  int id = 1;
  for (; written < bytes; ++id) {
    std::string m = (id == 1 ? "" : ",\n") + Message(id);
    written += m.size();
    out << m;
  }
  out << "\n ]\n}\n";
  return id - 1;
}

// How long a read took, by the wall clock and in process CPU time.
struct Timing {
  size_t posts = 0;
  double wall_s = 0;
  double cpu_s = 0;

  void Print(const std::string& what, double mib) const {
    std::printf(
        "%s: %zu posts in %.2f s (%.0f posts/s, %.1f MiB/s); "
        "%.2f s CPU (%.0f posts/s, %.1f MiB/s)\n",
        what.c_str(), posts, wall_s, posts / wall_s, mib / wall_s, cpu_s,
        posts / cpu_s, mib / cpu_s);
  }
};

template <typename F>
Timing Time(F read) {
  const auto wall = std::chrono::steady_clock::now();
  const std::clock_t cpu = std::clock();
  Timing t;
  t.posts = read();
  t.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall)
          .count();
  t.cpu_s = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t mib = 50;
  uint32_t batch = 256;
  std::string plugin =
      std::string(WILDWATCH_BINARY_DIR) + "/plugins/libwildwatch_telegram.so";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--mib") mib = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--batch") batch = std::strtoul(argv[i + 1], nullptr, 10);
    if (flag == "--plugin") plugin = argv[i + 1];
  }
  if (batch == 0) batch = 1;
  const fs::path dir = fs::temp_directory_path() /
                       ("telegram_throughput_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string file = (dir / "result.json").string();
  const int messages = WriteExport(file, mib << 20);
  const double file_mib =
      static_cast<double>(fs::file_size(file)) / (1024.0 * 1024.0);

  auto library = wildwatch::PluginLibrary::Load(plugin);
  if (!library.ok()) {
    std::fprintf(stderr, "%s\n", library.status().ToString().c_str());
    fs::remove_all(dir);
    return 1;
  }
  const std::string config = R"({"mode": "export", "path": ")" + file + R"("})";
  wildwatch::plugins::RecordingHost host;
  wildwatch::plugins::ConnectorRead read;
  Timing full = Time([&] {
    read = wildwatch::plugins::ReadConnector(*library, config, std::nullopt,
                                             &host, batch);
    return read.posts.size();
  });
  std::printf(
      "export: %.1f MiB, %d messages (%llu service)\n", file_mib, messages,
      static_cast<unsigned long long>(host.Counter("service_messages")));
  full.Print("full read", file_mib);

  // A restart halfway: the file is parsed again, then skipped to the
  // position.
  if (!read.checkpoints.empty()) {
    const auto& [before, checkpoint] =
        read.checkpoints[read.checkpoints.size() / 2];
    Timing resumed = Time([&] {
      return wildwatch::plugins::ReadConnector(*library, config, checkpoint,
                                               nullptr, batch)
          .posts.size();
    });
    resumed.Print("resumed after " + std::to_string(before) + " posts",
                  file_mib);
  }
  fs::remove_all(dir);
  return read.final_status == WW_STATUS_END_OF_STREAM ? 0 : 1;
}
