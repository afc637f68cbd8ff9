#include "host/daemon/rule_files.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/testing/rule_fixture.h"
#include "tests/testing/scratch_dir.h"

namespace wildwatch {
namespace {

namespace fs = std::filesystem;
using testing::ElephantIvory;
using testing::RuleSetYaml;
using testing::ScratchDir;
using testing::TigerBone;

class RuleFilesTest : public ::testing::Test {
 protected:
  const std::string elephants_ = RuleSetYaml("base", {ElephantIvory()});
  const std::string tigers_ = RuleSetYaml("tigers", {TigerBone()});
  const ScratchDir scratch_{"ww_rule_files"};
  const std::string dir_ = scratch_.path().string();
};

TEST_F(RuleFilesTest, CompilesLikeTheEngine) {
  std::vector<rules::Diagnostic> diagnostics;
  auto set = CompileRuleFiles({{"a.yaml", elephants_}}, &diagnostics);
  ASSERT_NE(set, nullptr);
  EXPECT_TRUE(diagnostics.empty());
  std::vector<rules::Diagnostic> ignored;
  EXPECT_EQ(set->version(),
            rules::RuleSet::LoadFromString(elephants_, "x.yaml", &ignored)
                ->version());
  // The version carries the start of the contents' hash.
  EXPECT_TRUE(set->version().ends_with(
      "@" + RuleFilesSha256({{"a.yaml", elephants_}}).substr(0, 12)));
}

TEST_F(RuleFilesTest, DiagnosticsNameTheFilesAsUploaded) {
  std::vector<rules::Diagnostic> diagnostics;
  auto set = CompileRuleFiles(
      {{"good.yaml", elephants_},
       {"sub/bad.yaml", "name: bad\ntaxa:\n  - id: x\n    bogus: 1\n"}},
      &diagnostics);
  EXPECT_EQ(set, nullptr);
  ASSERT_FALSE(diagnostics.empty());
  for (const rules::Diagnostic& d : diagnostics) {
    EXPECT_EQ(d.file, "sub/bad.yaml") << d.ToString();
  }
}

TEST_F(RuleFilesTest, UploadNamesMustBeRelativePathsAndUnique) {
  EXPECT_TRUE(CheckUploadedFiles({{"a.yaml", ""}, {"b.yaml", ""}}).ok());
  EXPECT_TRUE(CheckUploadedFiles({{"rules/generated/a.yaml", ""}}).ok());
  EXPECT_EQ(CheckUploadedFiles({}).code(), StatusCode::kInvalidArgument);
  for (const char* name : {"", ".", "..", "../a.yaml", "/a.yaml", "a//b.yaml",
                           "dir/../a.yaml", "dir/", "a\n"}) {
    EXPECT_EQ(CheckUploadedFiles({{name, ""}}).code(),
              StatusCode::kInvalidArgument)
        << name;
  }
  EXPECT_EQ(CheckUploadedFiles({{"a.yaml", ""}, {"a.yaml", ""}}).code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RuleFilesTest, ReadsDirectoriesInNameOrder) {
  scratch_.Write("rules/b.yaml", tigers_);
  scratch_.Write("rules/a.yaml", elephants_);
  scratch_.Write("rules/notes.txt", "ignored");
  std::vector<rules::Diagnostic> diagnostics;
  std::vector<RuleFile> files = ReadRuleFiles({dir_ + "/rules"}, &diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, dir_ + "/rules/a.yaml");
  EXPECT_EQ(files[0].content, elephants_);
  EXPECT_EQ(files[1].content, tigers_);

  files = ReadRuleFiles({dir_ + "/missing.yaml"}, &diagnostics);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, dir_ + "/missing.yaml");
}

}  // namespace
}  // namespace wildwatch
