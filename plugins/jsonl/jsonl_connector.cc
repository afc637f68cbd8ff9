// The JSONL connector: posts in the canonical JSON format (one object per
// line, see docs/post-format.md) from files, a directory or a glob pattern,
// read once to the end or followed as they grow. README.md describes the
// configuration.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>

#include "plugins/jsonl/file_watcher.h"
#include "plugins/jsonl/jsonl_checkpoint.h"
#include "plugins/jsonl/jsonl_source.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::jsonl {
namespace {

constexpr const char* kConfigSchema = R"({
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1},
    "follow": {"type": "boolean", "default": false},
    "poll_interval_ms": {"type": "integer", "minimum": 10, "default": 500},
    "max_poll_interval_ms": {"type": "integer", "minimum": 10,
                             "default": 1000},
    "max_line_bytes": {"type": "integer", "minimum": 1, "default": 4194304}
  },
  "required": ["path"],
  "additionalProperties": false
})";

struct Config {
  JsonlSourceOptions source;
  std::chrono::milliseconds poll_interval{500};
  std::chrono::milliseconds max_poll_interval{1000};
};

std::chrono::milliseconds IntervalMs(const nlohmann::json& doc, const char* key,
                                     std::chrono::milliseconds fallback) {
  auto it = doc.find(key);
  if (it == doc.end()) return fallback;
  if (!it->is_number_integer() || it->get<int64_t>() < 10) {
    throw sdk::ConfigError("'" + std::string(key) +
                           "' must be an integer >= 10");
  }
  return std::chrono::milliseconds(it->get<int64_t>());
}

// The host validates against kConfigSchema before create, but a connector
// may also be created directly (tests, other hosts), so bad values are still
// refused here with a clear message rather than misread.
Config ParseConfig(std::string_view json) {
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr,
                                                   /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    throw sdk::ConfigError("configuration is not a JSON object");
  }
  Config config;
  auto path = doc.find("path");
  if (path == doc.end() || !path->is_string() ||
      path->get_ref<const std::string&>().empty()) {
    throw sdk::ConfigError("'path' is required: a file, directory or glob");
  }
  config.source.path = path->get<std::string>();
  if (auto follow = doc.find("follow"); follow != doc.end()) {
    if (!follow->is_boolean()) {
      throw sdk::ConfigError("'follow' must be a boolean");
    }
    config.source.follow = follow->get<bool>();
  }
  config.poll_interval =
      IntervalMs(doc, "poll_interval_ms", config.poll_interval);
  config.max_poll_interval = std::max(
      config.poll_interval,
      IntervalMs(doc, "max_poll_interval_ms", config.max_poll_interval));
  if (auto max = doc.find("max_line_bytes"); max != doc.end()) {
    if (!max->is_number_integer() || max->get<int64_t>() < 1) {
      throw sdk::ConfigError("'max_line_bytes' must be an integer >= 1");
    }
    config.source.max_line_bytes = max->get<uint64_t>();
  }
  return config;
}

FilePositions ParseCheckpoint(std::string_view checkpoint) {
  if (checkpoint.empty()) return {};
  StatusOr<FilePositions> positions = DecodeCheckpoint(checkpoint);
  if (!positions.ok()) {
    // Guessing a position would lose or repeat posts; a human must decide.
    throw sdk::FatalError(positions.status().message());
  }
  return std::move(*positions);
}

class JsonlConnector : public sdk::Connector {
 public:
  explicit JsonlConnector(const sdk::CreateArgs& args)
      : JsonlConnector(args, ParseConfig(args.config_json)) {}

  ww_status NextBatch(const sdk::BatchRequest& request,
                      sdk::Batch& out) override {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + request.timeout;
    bool moved = false;
    for (;;) {
      if (watcher_ != nullptr && watcher_->Wait({})) ChangeSeen();
      auto now = Clock::now();
      // Outside follow mode every call reads; in it, only a due look does.
      if (!follow_ || now >= next_look_) {
        moved = Look(request.max_posts, &out) || moved;
        // Skipped lines move the checkpoint too, so a restart does not
        // report them again.
        if (moved) out.checkpoint = source_.Checkpoint();
        if (!out.posts.empty()) return WW_STATUS_OK;
        if (source_.exhausted()) return WW_STATUS_END_OF_STREAM;
        now = Clock::now();
      }
      if (now >= deadline) return WW_STATUS_NO_DATA;
      // Rounded up: waking a little early would only spin.
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(
          std::min(next_look_, deadline) - now);
      // Only a backed-off wait is worth cutting short. Within
      // poll_interval_ of the last look a change waits for the next look
      // anyway, which gathers the lines of many small writes into one batch
      // (a batch per write would cost a commit per write).
      if (watcher_ != nullptr && next_look_ > last_look_ + poll_interval_) {
        if (watcher_->Wait(wait)) ChangeSeen();
      } else {
        std::this_thread::sleep_for(wait);
      }
    }
  }

 private:
  JsonlConnector(const sdk::CreateArgs& args, Config config)
      : Connector(args),
        follow_(config.source.follow),
        poll_interval_(config.poll_interval),
        max_poll_interval_(config.max_poll_interval),
        source_(config.source, ParseCheckpoint(args.checkpoint), args.host),
        interval_(poll_interval_) {
    if (follow_) {
      watcher_ = std::make_unique<FileWatcher>();
      if (!watcher_->ok()) {
        watcher_.reset();
        Log(WW_LOG_INFO, "inotify unavailable; polling every " +
                             std::to_string(poll_interval_.count()) + " ms");
      }
    }
    if (!source_.empty()) return;
    if (!follow_) {
      throw sdk::ConfigError("path '" + config.source.path +
                             "' matches no file");
    }
    Log(WW_LOG_INFO, "waiting for files matching '" + config.source.path + "'");
  }

  // Reads up to max_posts posts into out; returns true if the checkpoint
  // moved. In follow mode first lists the files again and watches their
  // folders, so that a line appended during the read is still seen as a
  // change. Then schedules the next look: at once when posts came, else
  // after the current interval, which doubles while nothing arrives if
  // inotify can cut the wait short.
  bool Look(size_t max_posts, sdk::Batch* out) {
    if (follow_) source_.Rescan();
    if (watcher_ != nullptr) watcher_->Watch(source_.WatchDirs());
    const bool moved = source_.Read(max_posts, &out->posts);
    const auto now = std::chrono::steady_clock::now();
    last_look_ = now;
    if (!out->posts.empty()) {
      interval_ = poll_interval_;
      next_look_ = now;
    } else {
      next_look_ = now + interval_;
      if (watcher_ != nullptr) {
        interval_ = std::min(interval_ * 2, max_poll_interval_);
      }
    }
    return moved;
  }

  // Something changed in a watched folder: look poll_interval_ after the
  // last look, as while posts flow, rather than after a backed-off wait.
  void ChangeSeen() {
    next_look_ = std::min(next_look_, last_look_ + poll_interval_);
  }

  const bool follow_;
  const std::chrono::milliseconds poll_interval_;
  const std::chrono::milliseconds max_poll_interval_;
  JsonlSource source_;
  // Follow mode with inotify only; null otherwise.
  std::unique_ptr<FileWatcher> watcher_;
  // The last look at the files, when to look next, and the wait after the
  // next look that finds nothing.
  std::chrono::steady_clock::time_point last_look_;
  std::chrono::steady_clock::time_point next_look_;
  std::chrono::milliseconds interval_;
};

}  // namespace
}  // namespace wildwatch::jsonl

WILDWATCH_CONNECTOR(wildwatch::jsonl::JsonlConnector, "jsonl", "1.0.0",
                    "Posts in the canonical JSON format from JSONL files",
                    WW_PLATFORM_OTHER, wildwatch::jsonl::kConfigSchema)
