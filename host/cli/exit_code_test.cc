#include "host/cli/exit_code.h"

#include <gtest/gtest.h>

namespace wildwatch::cli {
namespace {

TEST(ExitCodeTest, TellsKindsOfFailureApart) {
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::OK), 0);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::INVALID_ARGUMENT), 2);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::OUT_OF_RANGE), 2);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAUTHENTICATED), 3);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::PERMISSION_DENIED), 3);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::NOT_FOUND), 4);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAVAILABLE), 5);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::DEADLINE_EXCEEDED), 5);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::INTERNAL), 6);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::DATA_LOSS), 6);
}

TEST(ExitCodeTest, HelpListsEveryCode) {
  const std::string help = kExitCodeHelp;
  for (int code : {kExitOk, kExitFinding, kExitUsage, kExitAuth, kExitNotFound,
                   kExitUnavailable, kExitInternal}) {
    EXPECT_NE(help.find("  " + std::to_string(code) + "  "), std::string::npos)
        << code;
  }
}

}  // namespace
}  // namespace wildwatch::cli
