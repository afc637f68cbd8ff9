#include "tests/testing/scratch_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ios>
#include <system_error>

namespace wildwatch::testing {

namespace {

std::string Save(const std::filesystem::path& path, std::string_view contents,
                 std::ios::openmode mode) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary | mode);
  out << contents;
  out.close();
  if (!out) ADD_FAILURE() << "cannot write " << path;
  return path.string();
}

}  // namespace

ScratchDir::ScratchDir(std::string_view prefix) {
  std::string name(prefix);
  if (const ::testing::TestInfo* test =
          ::testing::UnitTest::GetInstance()->current_test_info()) {
    name += std::string("_") + test->name();
  }
  // A parameterised test's name holds '/', which would nest directories.
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / (name + "_XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << pattern << ": " << std::strerror(errno);
    return;
  }
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  if (path_.empty() || ::testing::Test::HasFailure()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::PathOf(std::string_view name) const {
  return (path_ / name).string();
}

std::string ScratchDir::Write(std::string_view name,
                              std::string_view contents) const {
  return Save(path_ / name, contents, std::ios::trunc);
}

std::string ScratchDir::Append(std::string_view name,
                               std::string_view contents) const {
  return Save(path_ / name, contents, std::ios::app);
}

}  // namespace wildwatch::testing
