#include "plugins/jsonl/jsonl_checkpoint.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace wildwatch::jsonl {

namespace {

constexpr int kVersion = 1;
constexpr const char* kFields[] = {"dev", "ino", "offset", "line"};

}  // namespace

std::string EncodeCheckpoint(const FilePositions& positions) {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [path, pos] : positions) {
    files[path] = {{"dev", pos.dev},
                   {"ino", pos.ino},
                   {"offset", pos.offset},
                   {"line", pos.line}};
  }
  nlohmann::json doc = {{"v", kVersion}, {"files", std::move(files)}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<FilePositions> DecodeCheckpoint(std::string_view checkpoint) {
  nlohmann::json doc = nlohmann::json::parse(checkpoint, nullptr,
                                             /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return InvalidArgumentError("checkpoint is not a JSON object");
  }
  auto v = doc.find("v");
  if (v == doc.end() || *v != kVersion) {
    return InvalidArgumentError("checkpoint has an unknown version");
  }
  auto files = doc.find("files");
  if (files == doc.end() || !files->is_object()) {
    return InvalidArgumentError("checkpoint has no \"files\" object");
  }
  FilePositions positions;
  for (const auto& [path, entry] : files->items()) {
    uint64_t values[4];
    for (int i = 0; i < 4; ++i) {
      auto it = entry.is_object() ? entry.find(kFields[i]) : entry.end();
      if (it == entry.end() || !it->is_number_unsigned()) {
        return InvalidArgumentError("checkpoint entry for '" + path +
                                    "' lacks a valid \"" + kFields[i] + "\"");
      }
      values[i] = it->get<uint64_t>();
    }
    positions[path] = FilePosition{values[0], values[1], values[2], values[3]};
  }
  return positions;
}

}  // namespace wildwatch::jsonl
