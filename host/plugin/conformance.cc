#include "host/plugin/conformance.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

#include "host/plugin/config_schema.h"
#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"

namespace wildwatch {

namespace {

using Clock = std::chrono::steady_clock;

// Everything one read of a source produced.
struct Read {
  std::vector<Post> posts;
  // (number of posts before it, checkpoint) for every batch that had one.
  std::vector<std::pair<size_t, std::string>> checkpoints;
  ww_status last_status = WW_STATUS_NO_DATA;
  std::string error;      // Create failure or the last error status.
  std::string violation;  // A broken promise of the connector.
  bool created = false;
};

Read ReadSource(const std::shared_ptr<const PluginLibrary>& library,
                const std::string& config,
                const std::optional<std::string>& checkpoint,
                uint64_t max_posts, const ConformanceOptions& options) {
  Read read;
  auto instance =
      ConnectorInstance::Create(library, config, checkpoint, nullptr);
  if (!instance.ok()) {
    read.error = instance.status().ToString();
    return read;
  }
  read.created = true;
  auto idle_since = Clock::now();
  std::set<std::string> ids;
  while (max_posts == 0 || read.posts.size() < max_posts) {
    BatchResult b = (*instance)->NextBatch(options.batch_size,
                                           std::chrono::milliseconds(100));
    read.last_status = b.status;
    if (b.status == WW_STATUS_OK) {
      for (Post& p : b.posts) {
        if (!ids.insert(p.id).second && read.violation.empty()) {
          read.violation = "post id '" + p.id + "' returned twice";
        }
        read.posts.push_back(std::move(p));
      }
      if (b.checkpoint)
        read.checkpoints.emplace_back(read.posts.size(), *b.checkpoint);
      idle_since = Clock::now();
      continue;
    }
    if (b.checkpoint)
      read.checkpoints.emplace_back(read.posts.size(), *b.checkpoint);
    if (b.status == WW_STATUS_NO_DATA) {
      if (Clock::now() - idle_since >= options.idle_timeout) break;
      continue;
    }
    if (b.status != WW_STATUS_END_OF_STREAM) {
      read.error = b.error;
      if (b.error.rfind("protocol error", 0) == 0) read.violation = b.error;
    }
    break;
  }
  return read;
}

std::vector<std::string> Ids(const std::vector<Post>& posts, size_t from,
                             size_t count) {
  std::vector<std::string> ids;
  for (size_t i = from; i < posts.size() && ids.size() < count; ++i) {
    ids.push_back(posts[i].id);
  }
  return ids;
}

std::string Describe(const std::vector<std::string>& ids) {
  if (ids.empty()) return "nothing";
  std::string s = std::to_string(ids.size()) + " post(s) from '" + ids.front() +
                  "' to '" + ids.back() + "'";
  return s;
}

}  // namespace

bool ConformanceReport::passed() const {
  return !steps.empty() &&
         std::all_of(steps.begin(), steps.end(),
                     [](const ConformanceStep& s) { return s.passed; });
}

std::string ConformanceReport::ToString() const {
  std::string out;
  for (const ConformanceStep& s : steps) {
    out += (s.passed ? "PASS " : "FAIL ") + s.name + ": " + s.detail + "\n";
  }
  out += passed() ? "conformance: PASS" : "conformance: FAIL";
  out += " (" + std::to_string(posts) + " posts)\n";
  return out;
}

ConformanceReport CheckConnector(const std::string& path,
                                 const std::string& config_json,
                                 const ConformanceOptions& options) {
  ConformanceReport report;
  auto step = [&report](std::string name, bool passed, std::string detail) {
    report.steps.push_back({std::move(name), passed, std::move(detail)});
    return passed;
  };

  // 1. Loading and the descriptor.
  auto loaded = PluginLibrary::Load(path);
  if (!step("load", loaded.ok(),
            loaded.ok()
                ? "ABI " + std::to_string((*loaded)->descriptor().abi_major) +
                      "." + std::to_string((*loaded)->descriptor().abi_minor)
                : loaded.status().message())) {
    return report;
  }
  std::shared_ptr<const PluginLibrary> library = *loaded;
  const ww_connector_descriptor& d = library->descriptor();
  const bool kind_ok = d.platform_kind >= WW_PLATFORM_OTHER &&
                       d.platform_kind <= WW_PLATFORM_P2P;
  step("descriptor",
       kind_ok && d.description[0] != '\0' && d.version[0] != '\0',
       std::string(d.name) + " " + d.version + ": " + d.description);
  nlohmann::json schema =
      nlohmann::json::parse(d.config_schema, nullptr, false);
  Status schema_ok = schema.is_discarded()
                         ? InvalidArgumentError("the schema is not valid JSON")
                         : CheckSchema(schema);
  if (!step("config schema", schema_ok.ok(),
            schema_ok.ok() ? "valid" : schema_ok.message())) {
    return report;
  }

  // 2. The configuration, and the schema's strictness.
  nlohmann::json config = nlohmann::json::parse(config_json, nullptr, false);
  if (!config.is_object()) {
    step("config", false, "the configuration is not a JSON object");
    return report;
  }
  std::vector<std::string> problems = ValidateAgainstSchema(config, schema);
  if (!step("config", problems.empty(),
            problems.empty() ? "valid against the schema" : problems.front())) {
    return report;
  }
  nlohmann::json unknown = config;
  unknown["wildwatch_conformance_unknown_key"] = true;
  step("invalid config rejected",
       !ValidateAgainstSchema(unknown, schema).empty(),
       "a configuration with an unknown key must fail the schema "
       "(additionalProperties: false)");

  // 3. A full read.
  const auto started = Clock::now();
  Read full = ReadSource(library, config_json, std::nullopt, options.max_posts,
                         options);
  const double seconds =
      std::chrono::duration<double>(Clock::now() - started).count();
  report.posts = full.posts.size();
  report.posts_per_second =
      seconds > 0 ? static_cast<double>(full.posts.size()) / seconds : 0;
  bool read_ok = full.created && full.error.empty() && full.violation.empty() &&
                 !full.posts.empty();
  std::string detail = std::to_string(full.posts.size()) + " posts in " +
                       std::to_string(full.checkpoints.size()) +
                       " checkpointed batches";
  if (!full.created || !full.error.empty()) detail = "failed: " + full.error;
  if (!full.violation.empty()) detail = full.violation;
  if (full.created && full.posts.empty())
    detail = "the source produced no posts";
  if (!step("read", read_ok, detail)) return report;
  if (options.on_post) {
    for (const Post& p : full.posts) options.on_post(p);
  }
  size_t without_raw = 0;
  for (const Post& p : full.posts) without_raw += p.raw.empty() ? 1 : 0;
  step("evidence", without_raw == 0,
       without_raw == 0
           ? "every post carries its raw bytes"
           : std::to_string(without_raw) + " post(s) without raw bytes");

  // 4. Restarts from committed checkpoints.
  const auto& cps = full.checkpoints;
  const size_t restarts = std::min(options.max_restarts, cps.size());
  std::string failure;
  for (size_t r = 0; r < restarts && failure.empty(); ++r) {
    const size_t i =
        restarts == 1 ? cps.size() - 1 : r * (cps.size() - 1) / (restarts - 1);
    const auto& [before, checkpoint] = cps[i];
    const uint64_t want = full.posts.size() - before;
    Read again = ReadSource(library, config_json, checkpoint,
                            std::max<uint64_t>(want, 1), options);
    const std::vector<std::string> expected = Ids(full.posts, before, want);
    const std::vector<std::string> got = Ids(again.posts, 0, want + 1);
    if (!again.created || !again.error.empty()) {
      failure = "restart " + std::to_string(i) + " failed: " + again.error;
    } else if (got != expected) {
      failure = "restart from checkpoint " + std::to_string(i) + " (after " +
                std::to_string(before) + " posts): expected " +
                Describe(expected) + ", got " + Describe(got);
    }
  }
  step("resume", failure.empty(),
       failure.empty() ? "restarted from " + std::to_string(restarts) +
                             " checkpoint(s): nothing skipped, nothing repeated"
                       : failure);

  // 5. A source that does not exist.
  nlohmann::json missing = config;
  if (missing.contains("path")) {
    missing["path"] = "/nonexistent/wildwatch-conformance/none";
  } else if (missing.contains("url")) {
    missing["url"] = "http://127.0.0.1:9/nonexistent";  // Discard port.
  } else if (missing.contains("urls")) {
    missing["urls"] = {"http://127.0.0.1:9/nonexistent"};
  } else {
    missing = nullptr;
  }
  if (missing.is_null()) {
    step("missing source", true,
         "skipped: no path or url key to point elsewhere");
  } else {
    ConformanceOptions quick = options;
    quick.idle_timeout = std::chrono::milliseconds(300);
    Read none = ReadSource(library, missing.dump(), std::nullopt, 1, quick);
    const bool clean = none.posts.empty() && none.violation.empty() &&
                       (!none.created || !none.error.empty() ||
                        none.last_status == WW_STATUS_NO_DATA);
    step("missing source", clean,
         clean ? (none.error.empty() ? "waits for the source (no data)"
                                     : "clean error: " + none.error)
         : none.posts.empty() ? "ended without an error"
                              : "produced posts from a missing source");
  }
  return report;
}

}  // namespace wildwatch
