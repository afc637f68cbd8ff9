#include "host/feed/access.h"

#include <gtest/gtest.h>

namespace wildwatch {
namespace {

AccessControl MakeAccess() {
  StatusOr<AccessControl> access = AccessControl::Create({
      {"ops", "admin-secret", "admin"},
      {"interpol", "agency-secret", "agency"},
      {"bazaar-coc", "bazaar-secret", "platform:bazaar-market"},
  });
  EXPECT_TRUE(access.ok()) << access.status().ToString();
  return *std::move(access);
}

TEST(AccessControlTest, NamesTheCallerOfAKnownToken) {
  AccessControl access = MakeAccess();
  StatusOr<Principal> p = access.AuthenticateHeader("Bearer bazaar-secret");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->name, "bazaar-coc");
  EXPECT_EQ(p->role, "platform:bazaar-market");
  EXPECT_EQ(p->platform, "bazaar-market");
  EXPECT_FALSE(p->is_admin());

  StatusOr<Principal> admin = access.AuthenticateHeader("bearer admin-secret");
  ASSERT_TRUE(admin.ok());
  EXPECT_EQ(admin->name, "ops");
  EXPECT_TRUE(admin->is_admin());
  EXPECT_EQ(admin->platform, "");
}

TEST(AccessControlTest, RejectsMissingAndUnknownTokens) {
  AccessControl access = MakeAccess();
  for (const char* header :
       {"", "Bearer ", "Basic b3BzOnB3", "agency-secret"}) {
    StatusOr<Principal> p = access.AuthenticateHeader(header);
    ASSERT_FALSE(p.ok()) << header;
    EXPECT_EQ(p.status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(p.status().message(), "missing bearer token");
  }
  for (const char* header : {"Bearer agency-secre", "Bearer agency-secret2",
                             "Bearer AGENCY-SECRET"}) {
    StatusOr<Principal> p = access.AuthenticateHeader(header);
    ASSERT_FALSE(p.ok()) << header;
    EXPECT_EQ(p.status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(p.status().message(), "unknown token");
  }
}

TEST(AccessControlTest, OnlyAdminsMayAdminister) {
  AccessControl access = MakeAccess();
  for (const char* token : {"admin-secret", "agency-secret", "bazaar-secret"}) {
    StatusOr<Principal> p =
        access.AuthenticateHeader(std::string("Bearer ") + token);
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(CheckMaySubscribe(*p).ok());
    Status admin = CheckMayAdminister(*p);
    if (p->is_admin()) {
      EXPECT_TRUE(admin.ok());
    } else {
      EXPECT_EQ(admin.code(), StatusCode::kPermissionDenied);
      EXPECT_NE(admin.message().find(p->role), std::string::npos)
          << admin.message();
    }
  }
}

TEST(AccessControlTest, RejectsBadTablesWithoutRevealingTokens) {
  struct Case {
    std::vector<SubscriberConfig> subscribers;
    std::string expect;  // In the message.
  };
  const std::vector<Case> cases = {
      {{{"", "t1", "admin"}}, "no name"},
      {{{"a", "", "admin"}}, "'a' has no token"},
      {{{"a", "t1", "root"}}, "unknown role 'root'"},
      {{{"a", "t1", "platform:"}}, "names no platform"},
      {{{"a", "t1", "admin"}, {"b", "t1", "agency"}}, "'a' and 'b' share"},
  };
  for (const Case& c : cases) {
    StatusOr<AccessControl> access = AccessControl::Create(c.subscribers);
    ASSERT_FALSE(access.ok()) << c.expect;
    EXPECT_EQ(access.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(access.status().message().find(c.expect), std::string::npos)
        << access.status().message();
    EXPECT_EQ(access.status().message().find("t1"), std::string::npos)
        << access.status().message();
  }
}

}  // namespace
}  // namespace wildwatch
