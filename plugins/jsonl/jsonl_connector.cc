// The JSONL connector: posts in the canonical JSON format (one object per
// line, see docs/post-format.md) from files, a directory or a glob pattern,
// read once to the end or followed as they grow. README.md describes the
// configuration.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>

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
    "max_line_bytes": {"type": "integer", "minimum": 1, "default": 4194304}
  },
  "required": ["path"],
  "additionalProperties": false
})";

struct Config {
  JsonlSourceOptions source;
  std::chrono::milliseconds poll_interval{500};
};

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
  if (auto poll = doc.find("poll_interval_ms"); poll != doc.end()) {
    if (!poll->is_number_integer() || poll->get<int64_t>() < 10) {
      throw sdk::ConfigError("'poll_interval_ms' must be an integer >= 10");
    }
    config.poll_interval = std::chrono::milliseconds(poll->get<int64_t>());
  }
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
    const auto deadline = std::chrono::steady_clock::now() + request.timeout;
    bool moved = false;
    for (;;) {
      if (follow_) source_.Rescan();
      moved = source_.Read(request.max_posts, &out.posts) || moved;
      // Skipped lines move the checkpoint too, so a restart does not
      // report them again.
      if (moved) out.checkpoint = source_.Checkpoint();
      if (!out.posts.empty()) return WW_STATUS_OK;
      if (source_.exhausted()) return WW_STATUS_END_OF_STREAM;
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return WW_STATUS_NO_DATA;
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          poll_interval_, deadline - now));
    }
  }

 private:
  JsonlConnector(const sdk::CreateArgs& args, Config config)
      : Connector(args),
        follow_(config.source.follow),
        poll_interval_(config.poll_interval),
        source_(config.source, ParseCheckpoint(args.checkpoint), args.host) {
    if (!source_.empty()) return;
    if (!follow_) {
      throw sdk::ConfigError("path '" + config.source.path +
                             "' matches no file");
    }
    Log(WW_LOG_INFO, "waiting for files matching '" + config.source.path + "'");
  }

  const bool follow_;
  const std::chrono::milliseconds poll_interval_;
  JsonlSource source_;
};

}  // namespace
}  // namespace wildwatch::jsonl

WILDWATCH_CONNECTOR(wildwatch::jsonl::JsonlConnector, "jsonl", "1.0.0",
                    "Posts in the canonical JSON format from JSONL files",
                    WW_PLATFORM_OTHER, wildwatch::jsonl::kConfigSchema)
