// Rule files held in memory: read from the configured paths, checked when
// uploaded, hashed, and compiled into a RuleSet.
//
// The daemon keeps every rule-set version as the exact bytes it compiled
// (RuleRegistry), so an upload or a rollback needs no file of its own on
// disk: the files are read once and compiled from memory, under the names
// the caller knows them by. Plain functions; thread-safe.

#ifndef WILDWATCH_HOST_DAEMON_RULE_FILES_H_
#define WILDWATCH_HOST_DAEMON_RULE_FILES_H_

#include <memory>
#include <string>
#include <vector>

#include "host/core/status.h"
#include "host/rules/rule_set.h"
#include "host/store/rule_registry.h"

namespace wildwatch {

// Reads paths as RuleSet::Load does (rules::ExpandRulePaths), each file
// named by its path as given or found. On success
// returns the files in load order and leaves *diagnostics unchanged; on any
// unreadable path returns an empty vector with one diagnostic per problem
// appended. REQUIRES: diagnostics != nullptr.
std::vector<RuleFile> ReadRuleFiles(
    const std::vector<std::string>& paths,
    std::vector<rules::Diagnostic>* diagnostics);

// Lowercase hex SHA-256 of the files' contents concatenated in order: the
// hash whose first digits RuleSet::version() carries.
std::string RuleFilesSha256(const std::vector<RuleFile>& files);

// OK if files can be uploaded as a rule set: at least one file, each name
// non-empty, unique, a relative path ("rules/generated/cites.yaml": not
// starting with '/', no empty, "." or ".." component) and free of control
// characters. INVALID_ARGUMENT naming the first offender otherwise.
Status CheckUploadedFiles(const std::vector<RuleFile>& files);

// Compiles files (in order) with RuleSet::Compile. Returns the set, or null
// with every problem appended to *diagnostics, naming the files by their
// names. REQUIRES: diagnostics != nullptr.
std::shared_ptr<const rules::RuleSet> CompileRuleFiles(
    const std::vector<RuleFile>& files,
    std::vector<rules::Diagnostic>* diagnostics);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_RULE_FILES_H_
