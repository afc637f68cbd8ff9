#include "plugins/common/http/secrets.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace wildwatch::plugins {
namespace {

TEST(SecretsTest, ExpandsReferencesAndRedactsTheirValues) {
  setenv("WW_SECRETS_TEST_KEY", "s3cr3t-key", 1);
  setenv("WW_SECRETS_TEST_ID", "client9", 1);
  Secrets secrets;
  StatusOr<std::string> value =
      secrets.Expand("Bearer ${WW_SECRETS_TEST_KEY}/${WW_SECRETS_TEST_ID}");
  ASSERT_TRUE(value.ok()) << value.status().ToString();
  EXPECT_EQ(*value, "Bearer s3cr3t-key/client9");
  EXPECT_EQ(secrets.Redact("GET https://x/?k=s3cr3t-key&c=client9 s3cr3t-key"),
            "GET https://x/?k=***&c=*** ***");
  EXPECT_EQ(*secrets.Expand("no references"), "no references");
}

TEST(SecretsTest, MissingVariablesAreNamedButNeverValued) {
  unsetenv("WW_SECRETS_TEST_UNSET");
  Secrets secrets;
  StatusOr<std::string> missing = secrets.Read("WW_SECRETS_TEST_UNSET");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.status().message().find("WW_SECRETS_TEST_UNSET"),
            std::string::npos);
  EXPECT_EQ(secrets.Expand("x ${WW_SECRETS_TEST_UNSET}").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(secrets.Expand("x ${UNTERMINATED").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SecretsTest, LongerSecretsAreHiddenWhole) {
  setenv("WW_SECRETS_TEST_SHORT", "abc", 1);
  setenv("WW_SECRETS_TEST_LONG", "abcdef", 1);
  Secrets secrets;
  ASSERT_TRUE(secrets.Read("WW_SECRETS_TEST_SHORT").ok());
  ASSERT_TRUE(secrets.Read("WW_SECRETS_TEST_LONG").ok());
  EXPECT_EQ(secrets.Redact("abcdef abc"), "*** ***");
}

}  // namespace
}  // namespace wildwatch::plugins
