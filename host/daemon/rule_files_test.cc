#include "host/daemon/rule_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace wildwatch {
namespace {

namespace fs = std::filesystem;

constexpr char kElephants[] = R"(name: base
taxa:
  - id: loxodonta-africana
    scientific_name: Loxodonta africana
    appendix: I
    rules:
      - id: ivory
        any: ['\bivory\b']
)";

constexpr char kTigers[] = R"(name: tigers
taxa:
  - id: panthera-tigris
    scientific_name: Panthera tigris
    appendix: I
    rules:
      - id: bone
        any: ['tiger bone']
)";

class RuleFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "rule_files_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_;
};

TEST_F(RuleFilesTest, CompilesLikeTheEngineAndLeavesNoScratch) {
  std::vector<rules::Diagnostic> diagnostics;
  auto set = CompileRuleFiles({{"a.yaml", kElephants}}, dir_, &diagnostics);
  ASSERT_NE(set, nullptr);
  EXPECT_TRUE(diagnostics.empty());
  std::vector<rules::Diagnostic> ignored;
  EXPECT_EQ(set->version(),
            rules::RuleSet::LoadFromString(kElephants, "x.yaml", &ignored)
                ->version());
  EXPECT_TRUE(fs::is_empty(dir_));
  // The version carries the start of the contents' hash.
  EXPECT_TRUE(set->version().ends_with(
      "@" + RuleFilesSha256({{"a.yaml", kElephants}}).substr(0, 12)));
}

TEST_F(RuleFilesTest, DiagnosticsNameTheFilesAsUploaded) {
  std::vector<rules::Diagnostic> diagnostics;
  auto set = CompileRuleFiles(
      {{"good.yaml", kElephants},
       {"bad.yaml", "name: bad\ntaxa:\n  - id: x\n    bogus: 1\n"}},
      dir_, &diagnostics);
  EXPECT_EQ(set, nullptr);
  ASSERT_FALSE(diagnostics.empty());
  for (const rules::Diagnostic& d : diagnostics) {
    EXPECT_EQ(d.file, "bad.yaml") << d.ToString();
    EXPECT_EQ(d.message.find(dir_), std::string::npos) << d.ToString();
  }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(RuleFilesTest, UploadNamesMustBePlainAndUnique) {
  EXPECT_TRUE(CheckUploadedFiles({{"a.yaml", ""}, {"b.yaml", ""}}).ok());
  EXPECT_EQ(CheckUploadedFiles({}).code(), StatusCode::kInvalidArgument);
  for (const char* name : {"", ".", "..", "../a.yaml", "dir/a.yaml", "a\n"}) {
    EXPECT_EQ(CheckUploadedFiles({{name, ""}}).code(),
              StatusCode::kInvalidArgument)
        << name;
  }
  EXPECT_EQ(CheckUploadedFiles({{"a.yaml", ""}, {"a.yaml", ""}}).code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RuleFilesTest, ReadsDirectoriesInNameOrder) {
  fs::create_directories(dir_ + "/rules");
  std::ofstream(dir_ + "/rules/b.yaml") << kTigers;
  std::ofstream(dir_ + "/rules/a.yaml") << kElephants;
  std::ofstream(dir_ + "/rules/notes.txt") << "ignored";
  std::vector<rules::Diagnostic> diagnostics;
  std::vector<RuleFile> files = ReadRuleFiles({dir_ + "/rules"}, &diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, dir_ + "/rules/a.yaml");
  EXPECT_EQ(files[0].content, kElephants);
  EXPECT_EQ(files[1].content, kTigers);

  files = ReadRuleFiles({dir_ + "/missing.yaml"}, &diagnostics);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, dir_ + "/missing.yaml");
}

}  // namespace
}  // namespace wildwatch
