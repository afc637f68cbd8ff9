#include "host/daemon/rule_files.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "host/core/sha256.h"

namespace wildwatch {
namespace {

namespace fs = std::filesystem;

void ReadOne(const std::string& path, std::vector<RuleFile>* files,
             std::vector<rules::Diagnostic>* diagnostics) {
  // The engine's own limit: stop before reading a file it would refuse.
  std::optional<std::string> content = rules::ReadRuleFile(
      path, rules::LoadOptions().max_file_bytes, diagnostics);
  if (content) files->push_back({path, std::move(*content)});
}

void ReplaceAll(std::string* text, const std::string& from,
                const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos;
       at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

}  // namespace

std::vector<RuleFile> ReadRuleFiles(
    const std::vector<std::string>& paths,
    std::vector<rules::Diagnostic>* diagnostics) {
  const size_t before = diagnostics->size();
  std::vector<RuleFile> files;
  // The same expansion the engine uses, so the bytes kept are the bytes
  // compiled.
  if (paths.empty()) diagnostics->push_back({"", 0, 0, "no rule files given"});
  for (const std::string& path : paths) {
    for (const std::string& file :
         rules::ExpandRulePaths({path}, diagnostics)) {
      ReadOne(file, &files, diagnostics);
    }
  }
  if (diagnostics->size() != before) files.clear();
  return files;
}

std::string RuleFilesSha256(const std::vector<RuleFile>& files) {
  std::string contents;
  for (const RuleFile& f : files) contents += f.content;
  return Sha256Hex(contents);
}

Status CheckUploadedFiles(const std::vector<RuleFile>& files) {
  if (files.empty()) return InvalidArgumentError("no rule files uploaded");
  std::set<std::string> seen;
  for (const RuleFile& f : files) {
    const bool control = std::any_of(f.name.begin(), f.name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (f.name.empty() || f.name == "." || f.name == ".." ||
        f.name.find('/') != std::string::npos || control) {
      return InvalidArgumentError("rule file name '" + f.name +
                                  "' must be a plain file name");
    }
    if (!seen.insert(f.name).second) {
      return InvalidArgumentError("rule file name '" + f.name +
                                  "' is uploaded twice");
    }
  }
  return OkStatus();
}

std::shared_ptr<const rules::RuleSet> CompileRuleFiles(
    const std::vector<RuleFile>& files, const std::string& scratch_parent,
    std::vector<rules::Diagnostic>* diagnostics) {
  std::string dir = (fs::path(scratch_parent) / "rules-staging-XXXXXX");
  if (mkdtemp(dir.data()) == nullptr) {
    diagnostics->push_back(
        {"", 0, 0, "cannot create a scratch directory in " + scratch_parent});
    return nullptr;
  }
  // Scratch files are numbered, so any names (even ones that would clash on
  // disk) load in the given order.
  std::vector<std::string> paths;
  bool written = true;
  for (size_t i = 0; i < files.size() && written; ++i) {
    paths.push_back((fs::path(dir) / (std::to_string(i) + ".yaml")).string());
    std::ofstream out(paths.back(), std::ios::binary);
    out << files[i].content;
    written = static_cast<bool>(out.flush());
  }
  std::shared_ptr<const rules::RuleSet> set;
  if (!written) {
    diagnostics->push_back({"", 0, 0, "cannot write to " + dir});
  } else {
    const size_t before = diagnostics->size();
    set = rules::RuleSet::Load(paths, diagnostics);
    for (size_t d = before; d < diagnostics->size(); ++d) {
      rules::Diagnostic& diagnostic = (*diagnostics)[d];
      for (size_t i = 0; i < files.size(); ++i) {
        if (diagnostic.file == paths[i]) diagnostic.file = files[i].name;
        ReplaceAll(&diagnostic.message, paths[i], files[i].name);
      }
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return set;
}

}  // namespace wildwatch
