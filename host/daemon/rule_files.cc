#include "host/daemon/rule_files.h"

#include <algorithm>
#include <set>

#include "host/core/sha256.h"

namespace wildwatch {

std::vector<RuleFile> ReadRuleFiles(
    const std::vector<std::string>& paths,
    std::vector<rules::Diagnostic>* diagnostics) {
  std::vector<RuleFile> files;
  for (rules::RuleSource& source : rules::ReadRuleSources(
           paths, rules::LoadOptions().max_file_bytes, diagnostics)) {
    files.push_back({std::move(source.name), std::move(source.content)});
  }
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
    bool relative = !f.name.empty() && f.name.front() != '/';
    for (size_t begin = 0; relative && begin <= f.name.size();) {
      const size_t end = std::min(f.name.find('/', begin), f.name.size());
      const std::string_view part =
          std::string_view(f.name).substr(begin, end - begin);
      relative = !part.empty() && part != "." && part != "..";
      begin = end + 1;
    }
    if (!relative || control) {
      return InvalidArgumentError("rule file name '" + f.name +
                                  "' must be a relative path without . or "
                                  ".. components");
    }
    if (!seen.insert(f.name).second) {
      return InvalidArgumentError("rule file name '" + f.name +
                                  "' is uploaded twice");
    }
  }
  return OkStatus();
}

std::shared_ptr<const rules::RuleSet> CompileRuleFiles(
    const std::vector<RuleFile>& files,
    std::vector<rules::Diagnostic>* diagnostics) {
  std::vector<rules::RuleSource> sources;
  sources.reserve(files.size());
  for (const RuleFile& f : files) sources.push_back({f.name, f.content});
  return rules::RuleSet::Compile(sources, diagnostics);
}

}  // namespace wildwatch
