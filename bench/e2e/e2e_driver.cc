// wildwatch_e2e: end-to-end throughput and latency of a real wildwatchd.
//
// Runs the daemon with the JSONL connector following a spool file, the given
// rule set and a live gRPC subscriber, then feeds it posts from a corpus,
// either all at once (full speed) or at a fixed offered rate. Reports:
//   posts/s       posts the connector read, over the time until it read the
//                 last one;
//   p50/p99       latency of each match from the moment the connector handed
//                 its post to the host (Match.captured_at_ms) to its arrival
//                 at the subscriber;
//   CPU           the user + system CPU seconds per 100,000 posts of the
//                 daemon and its connector worker,
//                 from the first post fed until half a second after the
//                 connector read the last: steadier than posts/s on a
//                 machine doing other work;
//   RSS           the daemon's resident memory, sampled every second
//                 (first, peak, last), to show it stays flat; with
//                 --rss-every S also printed every S seconds during the run
//                 with the posts read so far, so a long run shows the trend;
//   idle CPU      the same CPU use while idle with a subscriber
//                 connected.
// Everything runs on 127.0.0.1 and stops by itself.
//
// Usage: wildwatch_e2e --corpus corpus.jsonl --rules rules/ [--rate 10000]
//                      [--seconds 60] [--posts N] [--rss-every 10]
//                      [--work DIR] [--in-process]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/testing/daemon_process.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace {

namespace fs = std::filesystem;
namespace v1 = wildwatch::v1;
using Clock = std::chrono::steady_clock;

constexpr char kAgency[] = "e2e-agency-token-0123456789";
constexpr char kAdmin[] = "e2e-admin-token-0123456789";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Resident memory of pid in MiB, from /proc.
double RssMiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      double kib = 0;
      in >> kib;
      return kib / 1024;
    }
    in.ignore(4096, '\n');
  }
  return 0;
}

// Parent pid and user + system CPU seconds of pid, from /proc; false when
// the process is gone.
bool ProcStat(pid_t pid, pid_t* ppid, double* cpu) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 4) *ppid = std::stoi(f);
    if (i == 14) utime = std::stod(f);
    if (i == 15) {
      stime = std::stod(f);
      break;
    }
  }
  *cpu = (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return true;
}

// CPU seconds of pid and of its live children: the connector workers do
// part of the daemon's work (reading and parsing posts).
double CpuSeconds(pid_t pid) {
  pid_t ppid = 0;
  double total = 0, cpu = 0;
  if (ProcStat(pid, &ppid, &cpu)) total += cpu;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ProcStat(std::stoi(name), &ppid, &cpu) && ppid == pid) total += cpu;
  }
  return total;
}

// Collects latencies of every match arriving on one subscription.
class Subscriber {
 public:
  explicit Subscriber(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::MatchFeed::NewStub(channel)) {
    context_.AddMetadata("authorization", std::string("Bearer ") + kAgency);
    thread_ = std::thread([this] { Run(); });
  }
  ~Subscriber() {
    context_.TryCancel();
    thread_.join();
  }
  uint64_t matches() const { return matches_; }
  std::vector<int64_t> Latencies() {
    std::lock_guard lock(mu_);
    return latencies_;
  }

 private:
  void Run() {
    auto reader = stub_->Subscribe(&context_, {});
    v1::SubscribeResponse r;
    while (reader->Read(&r)) {
      if (!r.has_match()) continue;
      const int64_t latency = NowMs() - r.match().captured_at_ms();
      std::lock_guard lock(mu_);
      latencies_.push_back(latency);
      ++matches_;
    }
    reader->Finish();
  }

  std::unique_ptr<v1::MatchFeed::Stub> stub_;
  grpc::ClientContext context_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<int64_t> latencies_;
  std::atomic<uint64_t> matches_{0};
};

uint64_t PostsRead(const std::shared_ptr<grpc::Channel>& channel) {
  auto admin = v1::Admin::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kAdmin);
  v1::GetStatsResponse stats;
  return admin->GetStats(&context, {}, &stats).ok() ? stats.posts_read() : 0;
}

// Corpus lines with their ids made unique for round k (the corpus may be
// fed more than once): the id value gets a "k<k>-" prefix.
std::string Relabel(const std::string& line, uint64_t round) {
  if (round == 0) return line;
  const size_t id = line.find("\"id\"");
  const size_t quote = id == std::string::npos ? id : line.find('"', id + 4);
  if (quote == std::string::npos) return line;
  std::string out = line;
  out.insert(quote + 1, "k" + std::to_string(round) + "-");
  return out;
}

double Percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return static_cast<double>(
      v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))]);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"End-to-end throughput and latency of wildwatchd"};
  std::string corpus_path,
      work = (fs::temp_directory_path() / "wildwatch-e2e").string();
  std::vector<std::string> rules;
  double rate = 0, seconds = 30, idle_seconds = 5, rss_every = 0;
  uint64_t max_posts = 0;
  app.add_option("--corpus", corpus_path, "Canonical post JSONL")->required();
  app.add_option("--rules", rules, "Rule files or directories")->required();
  app.add_option("--rate", rate, "Offered posts/s; 0 feeds everything at once");
  app.add_option("--seconds", seconds, "How long to offer at --rate");
  app.add_option("--posts", max_posts, "Posts at full speed (0: the corpus)");
  app.add_option("--idle-seconds", idle_seconds, "Idle CPU measuring window");
  app.add_option("--rss-every", rss_every,
                 "Print RSS and posts read every this many seconds (0: only "
                 "the summary)");
  app.add_option("--work", work, "Scratch folder (emptied)");
  bool in_process = false;
  app.add_flag("--in-process", in_process,
               "Run the connector in the daemon (in_process: true) instead "
               "of its worker process");
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> corpus;
  {
    std::ifstream in(corpus_path);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) corpus.push_back(line);
    }
  }
  if (corpus.empty()) {
    std::cerr << corpus_path << ": no posts\n";
    return 2;
  }
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string spool = work + "/spool.jsonl";
  std::ofstream(spool).close();
  {
    std::ofstream config(work + "/wildwatchd.yaml");
    config << "listen: 127.0.0.1:0\ndata_dir: data\nport_file: port\n"
           << "plugin_dir: " WILDWATCH_BINARY_DIR "/plugins\nrules: [";
    for (size_t i = 0; i < rules.size(); ++i) {
      config << (i ? ", " : "") << fs::absolute(rules[i]).string();
    }
    config << "]\npipeline: {batch_size: 512, poll_timeout_ms: 100}\n"
           << "feed: {heartbeat_ms: 1000}\nlog: {level: warn}\n"
           << "connectors:\n  - name: e2e\n    plugin: jsonl\n"
           << "    in_process: " << (in_process ? "true" : "false") << "\n"
           << "    config: {path: spool.jsonl, follow: true, "
              "poll_interval_ms: 10}\n"
           << "tokens:\n  - {name: agency, role: agency, token: " << kAgency
           << "}\n  - {name: admin, role: admin, token: " << kAdmin << "}\n";
  }
  wildwatch::testing::DaemonProcess daemon;
  if (!daemon.Start(work + "/wildwatchd.yaml", work + "/port",
                    work + "/daemon.log", std::chrono::seconds(120))) {
    std::cerr << "wildwatchd did not start:\n" << daemon.log();
    return 1;
  }
  auto channel = daemon.Channel();
  Subscriber subscriber(channel);

  const auto start = Clock::now();
  const double cpu_at_start = CpuSeconds(daemon.pid());
  std::vector<double> rss;
  std::atomic<bool> sampling{true};
  std::thread sampler([&] {
    if (rss_every > 0) std::printf("| seconds | posts read | RSS MiB |\n");
    double next_print = rss_every;
    while (sampling) {
      rss.push_back(RssMiB(daemon.pid()));
      const double at =
          std::chrono::duration<double>(Clock::now() - start).count();
      if (rss_every > 0 && at >= next_print) {
        std::printf("| %.0f | %llu | %.1f |\n", at,
                    static_cast<unsigned long long>(PostsRead(channel)),
                    rss.back());
        std::fflush(stdout);
        next_print += rss_every;
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });

  // Feed.
  uint64_t fed = 0;
  {
    std::ofstream out(spool, std::ios::app);
    if (rate <= 0) {
      const uint64_t total = max_posts ? max_posts : corpus.size();
      for (; fed < total; ++fed) {
        out << Relabel(corpus[fed % corpus.size()], fed / corpus.size())
            << '\n';
      }
      out.flush();
    } else {
      // Every 10 ms, whatever the offered rate says is due by now.
      const auto end = start + std::chrono::duration<double>(seconds);
      while (Clock::now() < end) {
        const double elapsed =
            std::chrono::duration<double>(Clock::now() - start).count();
        const auto due = static_cast<uint64_t>(elapsed * rate);
        for (; fed < due; ++fed) {
          out << Relabel(corpus[fed % corpus.size()], fed / corpus.size())
              << '\n';
        }
        out.flush();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  }
  // Wait until the connector has read everything (bounded).
  const auto deadline = Clock::now() + std::chrono::minutes(10);
  while (PostsRead(channel) < fed && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  // Let the last matches arrive, then measure the idle daemon.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double cpu_before = CpuSeconds(daemon.pid());
  const double cpu_per_100k =
      fed == 0 ? 0
               : (cpu_before - cpu_at_start) * 1e5 / static_cast<double>(fed);
  std::this_thread::sleep_for(std::chrono::duration<double>(idle_seconds));
  const double idle_cpu =
      100 * (CpuSeconds(daemon.pid()) - cpu_before) / idle_seconds;
  sampling = false;
  sampler.join();

  const std::vector<int64_t> latencies = subscriber.Latencies();
  const double peak =
      rss.empty() ? 0 : *std::max_element(rss.begin(), rss.end());
  std::printf(
      "| mode | posts | seconds | posts/s | matches | p50 ms | p99 ms | CPU s "
      "/ 100k posts | RSS first / peak / last MiB | idle CPU |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n");
  std::printf(
      "| %s | %llu | %.1f | %.0f | %llu | %.0f | %.0f | %.2f | %.0f / %.0f / "
      "%.0f | %.1f%% |\n",
      rate > 0
          ? ("offered " + std::to_string(static_cast<int>(rate)) + "/s").c_str()
          : "full speed",
      static_cast<unsigned long long>(fed), elapsed,
      static_cast<double>(fed) / elapsed,
      static_cast<unsigned long long>(subscriber.matches()),
      Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu_per_100k,
      rss.empty() ? 0 : rss.front(), peak, rss.empty() ? 0 : rss.back(),
      idle_cpu);
  return 0;
}
