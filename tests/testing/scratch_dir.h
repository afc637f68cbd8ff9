// ScratchDir: a fresh directory for the files one test writes (rule files,
// configurations, exports, a daemon's data), removed when the test is done.
//
// The directory is created under the system's temporary directory with
// mkdtemp, so concurrent test processes never share one, and its name
// carries the running test's name, so one left behind is easy to place:
//
//   ScratchDir dir("ww_rules");          // /tmp/ww_rules_Reloads_Ab12Cd
//   std::string rules = dir.Write("rules.yaml", RuleSetYaml("e2e", {...}));
//   dir.Append("posts.jsonl", line + "\n");
//
// The destructor removes the directory and everything in it, unless the
// test has failed: then the files (a daemon's log, its store) are kept for
// the investigation. Thread-compatible. Not copyable: one owner removes it.

#ifndef WILDWATCH_TESTS_TESTING_SCRATCH_DIR_H_
#define WILDWATCH_TESTS_TESTING_SCRATCH_DIR_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace wildwatch::testing {

class ScratchDir {
 public:
  // Creates <temporary directory>/<prefix>_<test name>_XXXXXX. If that
  // fails, adds a test failure naming the error and path() is empty.
  explicit ScratchDir(std::string_view prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // path() / name as a string, for APIs and configurations that take one.
  std::string PathOf(std::string_view name) const;

  // Writes contents to path() / name, replacing the file, creating the
  // directories name holds; returns the file's path. A write that fails
  // adds a test failure.
  std::string Write(std::string_view name, std::string_view contents) const;

  // Appends contents to path() / name, creating the file; returns its path.
  // A write that fails adds a test failure.
  std::string Append(std::string_view name, std::string_view contents) const;

 private:
  std::filesystem::path path_;
};

}  // namespace wildwatch::testing

#endif  // WILDWATCH_TESTS_TESTING_SCRATCH_DIR_H_
