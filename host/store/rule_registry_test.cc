#include "host/store/rule_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace wildwatch {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RuleRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rule_registry_XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/rules.db";
    Reopen();
  }
  void TearDown() override {
    registry_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen() {
    registry_.reset();
    auto registry = RuleRegistry::Open(path_);
    ASSERT_TRUE(registry.ok()) << registry.status().ToString();
    registry_ = std::move(*registry);
  }

  // An activation of version "<name>@<hash>" with one file.
  static RuleRegistry::Activation Make(const std::string& version,
                                       const std::string& before,
                                       const std::string& action,
                                       int64_t at_ms) {
    RuleRegistry::Activation a;
    a.version = version;
    a.sha256 = "sha-of-" + version;
    a.files = {{version + ".yaml", "content of " + version},
               {"local.yaml", "more"}};
    a.taxa = 2;
    a.rules = 3;
    a.actor = "ops";
    a.action = action;
    a.version_before = before;
    a.pinned = action == "activate" || action == "rollback";
    a.at_ms = at_ms;
    return a;
  }

  std::string dir_;
  std::string path_;
  std::unique_ptr<RuleRegistry> registry_;
};

TEST_F(RuleRegistryTest, EmptyRegistryHasNothing) {
  auto latest = registry_->Latest();
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(latest->has_value());
  auto previous = registry_->PreviousVersion();
  ASSERT_TRUE(previous.ok());
  EXPECT_FALSE(previous->has_value());
  auto versions = registry_->ListVersions();
  ASSERT_TRUE(versions.ok());
  EXPECT_TRUE(versions->empty());
}

TEST_F(RuleRegistryTest, StoresVersionsWithTheirFilesAcrossReopen) {
  ASSERT_TRUE(registry_->Record(Make("a@1", "", "startup", 1000)).ok());
  ASSERT_TRUE(registry_->Record(Make("b@2", "a@1", "activate", 2000)).ok());
  Reopen();

  auto b = registry_->LoadVersion("b@2");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_TRUE(b->has_value());
  EXPECT_EQ((*b)->sha256, "sha-of-b@2");
  EXPECT_EQ((*b)->created_at_ms, 2000);
  EXPECT_EQ((*b)->created_by, "ops");
  EXPECT_TRUE((*b)->active);
  ASSERT_EQ((*b)->files.size(), 2u);
  EXPECT_EQ((*b)->files[0].name, "b@2.yaml");
  EXPECT_EQ((*b)->files[0].content, "content of b@2");
  EXPECT_EQ((*b)->files[1].name, "local.yaml");

  auto missing = registry_->LoadVersion("c@3");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  auto versions = registry_->ListVersions();
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].version, "b@2");  // Newest first.
  EXPECT_TRUE((*versions)[0].active);
  EXPECT_EQ((*versions)[1].version, "a@1");
  EXPECT_FALSE((*versions)[1].active);
  EXPECT_EQ((*versions)[1].rules, 3u);
  EXPECT_TRUE((*versions)[1].files.empty());
}

TEST_F(RuleRegistryTest, ReactivatingKeepsTheFirstRecordOfAVersion) {
  ASSERT_TRUE(registry_->Record(Make("a@1", "", "startup", 1000)).ok());
  ASSERT_TRUE(registry_->Record(Make("b@2", "a@1", "activate", 2000)).ok());
  RuleRegistry::Activation again = Make("a@1", "b@2", "rollback", 3000);
  again.actor = "someone-else";
  ASSERT_TRUE(registry_->Record(again).ok());
  auto a = registry_->LoadVersion("a@1");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->created_at_ms, 1000);
  EXPECT_EQ((*a)->created_by, "ops");
  EXPECT_TRUE((*a)->active);
  auto versions = registry_->ListVersions();
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 2u);
}

TEST_F(RuleRegistryTest,
       SameVersionWithOtherContentIsRefusedAndNothingWritten) {
  ASSERT_TRUE(registry_->Record(Make("a@1", "", "startup", 1000)).ok());
  RuleRegistry::Activation clash = Make("a@1", "a@1", "activate", 2000);
  clash.sha256 = "different";
  Status s = registry_->Record(clash);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("a@1"));
  auto history = registry_->History(0);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 1u);
}

TEST_F(RuleRegistryTest, HistoryIsNewestFirstWithActorChangeAndLimit) {
  ASSERT_TRUE(registry_->Record(Make("a@1", "", "startup", 1000)).ok());
  RuleRegistry::Activation b = Make("b@2", "a@1", "activate", 2000);
  b.change.taxa_added = {"panthera-tigris"};
  b.change.taxa_removed = {"manidae"};
  b.change.taxa_changed = {"loxodonta-africana"};
  b.change.rules_before = 3;
  b.change.rules_after = 4;
  ASSERT_TRUE(registry_->Record(b).ok());
  ASSERT_TRUE(registry_->Record(Make("a@1", "b@2", "rollback", 3000)).ok());

  auto all = registry_->History(0);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].action, "rollback");
  EXPECT_EQ((*all)[1].action, "activate");
  EXPECT_EQ((*all)[2].action, "startup");
  EXPECT_GT((*all)[0].id, (*all)[1].id);
  const RuleAuditEntry& activate = (*all)[1];
  EXPECT_EQ(activate.actor, "ops");
  EXPECT_EQ(activate.at_ms, 2000);
  EXPECT_EQ(activate.version_before, "a@1");
  EXPECT_EQ(activate.version_after, "b@2");
  EXPECT_EQ(activate.sha256, "sha-of-b@2");
  EXPECT_TRUE(activate.pinned);
  EXPECT_THAT(activate.change.taxa_added, ElementsAre("panthera-tigris"));
  EXPECT_THAT(activate.change.taxa_removed, ElementsAre("manidae"));
  EXPECT_THAT(activate.change.taxa_changed, ElementsAre("loxodonta-africana"));
  EXPECT_EQ(activate.change.rules_before, 3u);
  EXPECT_EQ(activate.change.rules_after, 4u);

  auto two = registry_->History(2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].action, "rollback");

  auto latest = registry_->Latest();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version_after, "a@1");
  EXPECT_TRUE((*latest)->pinned);
}

TEST_F(RuleRegistryTest, PreviousVersionIsTheOneBeforeTheLastChange) {
  ASSERT_TRUE(registry_->Record(Make("a@1", "", "startup", 1000)).ok());
  auto previous = registry_->PreviousVersion();
  ASSERT_TRUE(previous.ok());
  EXPECT_FALSE(previous->has_value());

  ASSERT_TRUE(registry_->Record(Make("b@2", "a@1", "activate", 2000)).ok());
  // A reload that kept the same version changes nothing to roll back to.
  ASSERT_TRUE(registry_->Record(Make("b@2", "b@2", "reload", 2500)).ok());
  previous = registry_->PreviousVersion();
  ASSERT_TRUE(previous.ok() && previous->has_value());
  EXPECT_EQ(**previous, "a@1");

  ASSERT_TRUE(registry_->Record(Make("a@1", "b@2", "rollback", 3000)).ok());
  previous = registry_->PreviousVersion();
  ASSERT_TRUE(previous.ok() && previous->has_value());
  EXPECT_EQ(**previous, "b@2");
}

TEST_F(RuleRegistryTest, IncompleteActivationIsInvalid) {
  RuleRegistry::Activation a = Make("a@1", "", "startup", 1000);
  a.action.clear();
  EXPECT_EQ(registry_->Record(a).code(), StatusCode::kInvalidArgument);
}

TEST_F(RuleRegistryTest, RefusesAnotherSqliteFile) {
  registry_.reset();
  const std::string other = dir_ + "/other.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto registry = RuleRegistry::Open(other);
  ASSERT_FALSE(registry.ok());
  EXPECT_EQ(registry.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(registry.status().message(), HasSubstr("not a Wildwatch rule"));
}

}  // namespace
}  // namespace wildwatch
