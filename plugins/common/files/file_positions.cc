#include "plugins/common/files/file_positions.h"

#include <nlohmann/json.hpp>

namespace wildwatch::plugins {
namespace {

constexpr int kVersion = 1;

bool ReadUnsigned(const nlohmann::json& entry, const char* key, uint64_t* out) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_number_unsigned()) return false;
  *out = it->get<uint64_t>();
  return true;
}

}  // namespace

std::string EncodeFilePositions(const FilePositions& positions) {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [path, pos] : positions) {
    files[path] = {{"dev", pos.identity.dev},
                   {"ino", pos.identity.ino},
                   {"offset", pos.offset},
                   {"index", pos.index}};
  }
  nlohmann::json doc = {{"v", kVersion}, {"files", std::move(files)}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<FilePositions> DecodeFilePositions(std::string_view checkpoint) {
  FilePositions positions;
  if (checkpoint.empty()) return positions;
  nlohmann::json doc = nlohmann::json::parse(checkpoint, nullptr,
                                             /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidArgumentError("checkpoint is not a JSON object");
  }
  auto version = doc.find("v");
  if (version == doc.end() || *version != kVersion) {
    return InvalidArgumentError("checkpoint has an unknown version");
  }
  auto files = doc.find("files");
  if (files == doc.end() || !files->is_object()) {
    return InvalidArgumentError("checkpoint has no \"files\" object");
  }
  for (const auto& [path, entry] : files->items()) {
    FilePosition pos;
    if (!entry.is_object() || !ReadUnsigned(entry, "dev", &pos.identity.dev) ||
        !ReadUnsigned(entry, "ino", &pos.identity.ino) ||
        !ReadUnsigned(entry, "offset", &pos.offset) ||
        !ReadUnsigned(entry, "index", &pos.index)) {
      return InvalidArgumentError("checkpoint entry for '" + path +
                                  "' needs unsigned dev, ino, offset, index");
    }
    positions.emplace(path, pos);
  }
  return positions;
}

}  // namespace wildwatch::plugins
