// Conformance checking of a connector plugin: what
// `wildwatch connector check` runs.
//
// Loads the plugin through the host's own loader and proves, against a real
// source, what the host relies on:
//   1. the descriptor: ABI version, names, a valid configuration schema;
//   2. the configuration validates against that schema, and a key the
//      schema does not know is rejected (the schema is strict);
//   3. reading the source to its end (or a post limit) yields posts with
//      unique non-empty ids, never more per batch than asked for;
//   4. restarting from every committed checkpoint (sampled when there are
//      many) yields exactly the posts after it: nothing skipped, nothing
//      repeated;
//   5. broken setups fail cleanly: an empty configuration and a source that
//      does not exist end in an error status or a wait, never in posts.
// Thread-compatible: one check per thread.

#ifndef WILDWATCH_HOST_PLUGIN_CONFORMANCE_H_
#define WILDWATCH_HOST_PLUGIN_CONFORMANCE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/core/post.h"

namespace wildwatch {

struct ConformanceOptions {
  // Stop reading after this many posts (0: read to the end).
  uint64_t max_posts = 0;
  // Posts asked for per next_batch. Small, so that there are many
  // checkpoints to restart from.
  uint32_t batch_size = 7;
  // At most this many checkpoints are restarted from, evenly spaced
  // (restarting from each of thousands would be quadratic).
  size_t max_restarts = 25;
  // A source that keeps answering NO_DATA this long is taken as drained
  // (follow modes never end by themselves).
  std::chrono::milliseconds idle_timeout{1500};
  // Called with every post of the first full read, in order.
  std::function<void(const Post&)> on_post;
};

struct ConformanceStep {
  std::string name;
  bool passed = false;
  std::string detail;  // What was seen; why it failed.
};

struct ConformanceReport {
  std::vector<ConformanceStep> steps;
  uint64_t posts = 0;
  double posts_per_second = 0;  // Of the first full read.
  bool passed() const;
  // One line per step: "PASS name: detail" or "FAIL name: detail".
  std::string ToString() const;
};

// Runs every check on the plugin at path with config_json (a JSON object).
ConformanceReport CheckConnector(const std::string& path,
                                 const std::string& config_json,
                                 const ConformanceOptions& options);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_PLUGIN_CONFORMANCE_H_
