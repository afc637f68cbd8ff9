#include "bench/driver.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace wildwatch::bench {
namespace {

// Hits posts containing "x" and records each language hint in *langs
// (may be null), which outlives the matcher: Measure destroys it. Sleeps
// per post so that a time budget can run out.
class FakeMatcher : public Matcher {
 public:
  FakeMatcher(std::chrono::milliseconds delay, std::vector<std::string>* langs)
      : delay_(delay), langs_(langs) {}
  bool Matches(std::string_view text, std::string_view lang) override {
    std::this_thread::sleep_for(delay_);
    if (langs_ != nullptr) langs_->emplace_back(lang);
    return text.find('x') != std::string_view::npos;
  }
  int64_t failures() const override { return 7; }

 private:
  const std::chrono::milliseconds delay_;
  std::vector<std::string>* const langs_;
};

Corpus FourPosts() {
  return Corpus({{"xa", "en"}, {"bb", "de"}, {"cx", ""}, {"dddd", "zh"}});
}

TEST(DriverTest, MeasureCountsHitsOverEveryPost) {
  std::vector<std::string> langs;
  const Corpus corpus = FourPosts();
  const Figures figures =
      Measure("fake", DriverOptions(), corpus,
              [&](const std::string&,
                  int64_t* count) -> StatusOr<std::unique_ptr<Matcher>> {
                *count = 42;
                return std::unique_ptr<Matcher>(
                    new FakeMatcher(std::chrono::milliseconds(0), &langs));
              });
  EXPECT_EQ(figures.peer, "fake");
  EXPECT_EQ(figures.patterns, 42);
  EXPECT_EQ(figures.posts, 4);
  EXPECT_EQ(figures.bytes, 10u);
  EXPECT_EQ(figures.matches, 2);
  EXPECT_EQ(figures.failures, 7);
  EXPECT_TRUE(figures.complete);
  EXPECT_TRUE(figures.error.empty());
  EXPECT_EQ(langs, (std::vector<std::string>{"en", "de", "", "zh"}));
}

// Records what Prepare was given and checks that Matches then sees exactly
// those posts, in order; sleeps in Prepare so its time is measurable.
class PreparingMatcher : public Matcher {
 public:
  bool Prepare(std::span<const CorpusPost> posts) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    for (const CorpusPost& post : posts) pending_.push_back(post.text);
    return true;
  }
  bool Matches(std::string_view text, std::string_view) override {
    EXPECT_FALSE(pending_.empty());
    if (pending_.empty()) return false;
    EXPECT_EQ(pending_.front(), text);
    pending_.erase(pending_.begin());
    return true;
  }

 private:
  std::vector<std::string> pending_;
};

TEST(DriverTest, PreparationIsTimedApartFromMatching) {
  const Corpus corpus = FourPosts();
  const Figures figures = Measure(
      "preparing", DriverOptions(), corpus,
      [](const std::string&, int64_t*) -> StatusOr<std::unique_ptr<Matcher>> {
        return std::unique_ptr<Matcher>(new PreparingMatcher());
      });
  EXPECT_EQ(figures.posts, 4);
  EXPECT_EQ(figures.matches, 4);
  EXPECT_GE(figures.prepare_s, 0.002);
  EXPECT_LT(figures.seconds, figures.prepare_s);
  const nlohmann::json json = nlohmann::json::parse(figures.ToJson());
  EXPECT_LT(json["norm_mb_s"].get<double>(), json["mb_s"].get<double>());
  EXPECT_EQ(json["norm_posts_s"].get<double>(),
            4 / (figures.seconds + figures.prepare_s));
}

TEST(DriverTest, PeersWithoutPreparationHaveNoNormaliseFigures) {
  const Figures figures = Measure(
      "fake", DriverOptions(), FourPosts(),
      [](const std::string&, int64_t*) -> StatusOr<std::unique_ptr<Matcher>> {
        return std::unique_ptr<Matcher>(
            new FakeMatcher(std::chrono::milliseconds(0), nullptr));
      });
  EXPECT_EQ(figures.prepare_s, 0);
  EXPECT_FALSE(nlohmann::json::parse(figures.ToJson()).contains("norm_mb_s"));
}

TEST(DriverTest, TimeBudgetStopsTheScanEarly) {
  std::vector<CorpusPost> posts(200, CorpusPost{"x", "en"});
  const Corpus corpus(std::move(posts));
  DriverOptions options;
  options.time_budget_s = 0.05;
  const Figures figures = Measure(
      "slow", options, corpus,
      [](const std::string&, int64_t*) -> StatusOr<std::unique_ptr<Matcher>> {
        return std::unique_ptr<Matcher>(
            new FakeMatcher(std::chrono::milliseconds(2), nullptr));
      });
  EXPECT_FALSE(figures.complete);
  EXPECT_LT(figures.posts, 200);
  EXPECT_EQ(figures.matches, figures.posts);
  EXPECT_EQ(figures.bytes, static_cast<uint64_t>(figures.posts));
}

TEST(DriverTest, CompileFailureIsReportedWithoutScanning) {
  const Corpus corpus = FourPosts();
  const Figures figures = Measure(
      "broken", DriverOptions(), corpus,
      [](const std::string&, int64_t*) -> StatusOr<std::unique_ptr<Matcher>> {
        return ResourceExhaustedError("too big");
      });
  EXPECT_EQ(figures.posts, 0);
  EXPECT_NE(figures.error.find("too big"), std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(figures.ToJson());
  EXPECT_EQ(json["peer"], "broken");
  EXPECT_NE(json["error"].get<std::string>().find("too big"),
            std::string::npos);
}

TEST(FiguresTest, JsonDerivesRates) {
  Figures figures;
  figures.peer = "p";
  figures.posts = 500;
  figures.bytes = 3'000'000;
  figures.seconds = 2;
  const nlohmann::json json = nlohmann::json::parse(figures.ToJson());
  EXPECT_DOUBLE_EQ(json["mb_s"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(json["posts_s"].get<double>(), 250);
  EXPECT_FALSE(json.contains("error"));
  for (const char* key : {"peer", "patterns", "bytes", "seconds", "mb_s",
                          "posts_s", "compile_s", "rss_mb", "matches"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
}

}  // namespace
}  // namespace wildwatch::bench
