#include "bench/corpus.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bench/pattern_list.h"

namespace wildwatch::bench {
namespace {

namespace fs = std::filesystem;

// A file in a fresh temporary folder, removed with the test.
class TempFile {
 public:
  explicit TempFile(const std::string& content)
      : dir_(fs::temp_directory_path() /
             ("wildwatch-bench-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter_++))) {
    fs::create_directories(dir_);
    std::ofstream(path()) << content;
  }
  ~TempFile() { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "input").string(); }

 private:
  static inline int counter_ = 0;
  const fs::path dir_;
};

constexpr char kThreePosts[] = R"({"id":"1","text":"ivory bangle","lang":"en"})"
                               "\n"
                               R"({"id":2,"text":"象牙"})"
                               "\n"
                               "\n"
                               R"({"id":"3","text":"tiger skin","lang":"en"})"
                               "\n";

TEST(CorpusTest, LoadsTextAndLanguageOfEveryPost) {
  TempFile file(kThreePosts);
  StatusOr<Corpus> corpus = Corpus::LoadJsonl(file.path(), 0);
  ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();
  ASSERT_EQ(corpus->posts().size(), 3u);
  EXPECT_EQ(corpus->posts()[0].text, "ivory bangle");
  EXPECT_EQ(corpus->posts()[0].lang, "en");
  EXPECT_EQ(corpus->posts()[1].text, "象牙");
  EXPECT_EQ(corpus->posts()[1].lang, "");
  EXPECT_EQ(corpus->text_bytes(), std::string("ivory bangle").size() +
                                      std::string("象牙").size() +
                                      std::string("tiger skin").size());
}

TEST(CorpusTest, MaxBytesKeepsTheLeadingPostsThatFit) {
  TempFile file(kThreePosts);
  // "ivory bangle" (12) + "象牙" (6) = 18 fits in 20; the third does not.
  StatusOr<Corpus> corpus = Corpus::LoadJsonl(file.path(), 20);
  ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();
  EXPECT_EQ(corpus->posts().size(), 2u);
  EXPECT_EQ(corpus->text_bytes(), 18u);
}

TEST(CorpusTest, RejectsALineWithoutText) {
  TempFile file(R"({"id":"1","text":"ok"})"
                "\n"
                R"({"id":"2","body":"no text"})"
                "\n");
  StatusOr<Corpus> corpus = Corpus::LoadJsonl(file.path(), 0);
  ASSERT_FALSE(corpus.ok());
  EXPECT_EQ(corpus.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(corpus.status().message().find(":2:"), std::string::npos)
      << corpus.status().message();
}

TEST(CorpusTest, MissingFileIsNotFound) {
  StatusOr<Corpus> corpus = Corpus::LoadJsonl("/nonexistent/corpus.jsonl", 0);
  ASSERT_FALSE(corpus.ok());
  EXPECT_EQ(corpus.status().code(), StatusCode::kNotFound);
}

TEST(PatternListTest, ReadsNonEmptyLinesInOrder) {
  TempFile file("\\bivory\\b\r\n\n(?:rhino|rhinoceros)\\s+horn\n");
  StatusOr<std::vector<std::string>> patterns = ReadPatternList(file.path());
  ASSERT_TRUE(patterns.ok()) << patterns.status().ToString();
  EXPECT_EQ(*patterns, (std::vector<std::string>{
                           "\\bivory\\b", "(?:rhino|rhinoceros)\\s+horn"}));
}

TEST(PatternListTest, EmptyListIsAnError) {
  TempFile file("\n\n");
  EXPECT_EQ(ReadPatternList(file.path()).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wildwatch::bench
