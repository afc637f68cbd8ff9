// Template connector: every non-empty line of a text file is one post.
//
// Copy this folder to start a connector for your platform. It shows the
// parts every connector has:
//   - a configuration schema, validated by the host before create;
//   - resuming from the checkpoint the host committed (here: byte offset and
//     line number), so a restart neither skips nor repeats a post;
//   - WW_STATUS_END_OF_STREAM when the source is exhausted;
//   - raw bytes kept as evidence, and malformed input counted and skipped.
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "wildwatch/connector.hpp"

namespace {

constexpr char kSchema[] = R"({
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1},
    "max_line_bytes": {"type": "integer", "minimum": 1, "default": 65536}
  },
  "required": ["path"],
  "additionalProperties": false
})";

class LinesConnector : public wildwatch::sdk::Connector {
 public:
  explicit LinesConnector(const wildwatch::sdk::CreateArgs& args)
      : Connector(args) {
    const auto config = nlohmann::json::parse(args.config_json);
    path_ = config.at("path").get<std::string>();
    max_line_bytes_ = config.value("max_line_bytes", uint64_t{65536});
    in_.open(path_, std::ios::binary);
    if (!in_) throw wildwatch::sdk::ConfigError("cannot open " + path_);
    if (!args.checkpoint.empty()) {
      // Checkpoint format: "<byte offset> <line number>".
      const auto checkpoint = std::string(args.checkpoint);
      const auto space = checkpoint.find(' ');
      offset_ = std::stoull(checkpoint.substr(0, space));
      line_ = std::stoull(checkpoint.substr(space + 1));
      in_.seekg(static_cast<std::streamoff>(offset_));
    }
  }

  ww_status NextBatch(const wildwatch::sdk::BatchRequest& request,
                      wildwatch::sdk::Batch& out) override {
    std::string line;
    while (out.posts.size() < request.max_posts && std::getline(in_, line)) {
      offset_ += line.size() + 1;
      ++line_;
      if (line.empty()) continue;
      if (line.size() > max_line_bytes_) {
        Log(WW_LOG_WARN,
            path_ + ":" + std::to_string(line_) + ": line too long, skipped");
        AddCounter("malformed_items");
        continue;
      }
      wildwatch::sdk::Post post;
      post.id = std::to_string(line_);
      post.text = line;
      post.raw = line;
      out.posts.push_back(std::move(post));
    }
    out.checkpoint = std::to_string(offset_) + " " + std::to_string(line_);
    return out.posts.empty() ? WW_STATUS_END_OF_STREAM : WW_STATUS_OK;
  }

 private:
  std::string path_;
  uint64_t max_line_bytes_ = 65536;
  std::ifstream in_;
  uint64_t offset_ = 0;
  uint64_t line_ = 0;
};

}  // namespace

WILDWATCH_CONNECTOR(LinesConnector, "template", "0.1.0",
                    "Every non-empty line of a text file is a post",
                    WW_PLATFORM_OTHER, kSchema)
