// Rule files held in memory: read from the configured paths, checked when
// uploaded, hashed, and compiled into a RuleSet.
//
// The daemon keeps every rule-set version as the exact bytes it compiled
// (RuleRegistry), so an upload or a rollback needs no file of its own on
// disk. The engine loads from paths, so CompileRuleFiles writes the files
// into a scratch directory for the length of the load and names them in
// diagnostics as the caller knows them. Plain functions; thread-safe.

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
// non-empty, unique, a single path component (no '/', not "." or "..") and
// free of control characters. INVALID_ARGUMENT naming the first offender
// otherwise.
Status CheckUploadedFiles(const std::vector<RuleFile>& files);

// Compiles files (in order) as RuleSet::Load would compile them from disk,
// using a scratch directory created in scratch_parent and removed before
// returning. Returns the set, or null with every problem appended to
// *diagnostics, whose file names are the files' names (not scratch paths).
// REQUIRES: diagnostics != nullptr; scratch_parent is a writable directory.
std::shared_ptr<const rules::RuleSet> CompileRuleFiles(
    const std::vector<RuleFile>& files, const std::string& scratch_parent,
    std::vector<rules::Diagnostic>* diagnostics);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_RULE_FILES_H_
