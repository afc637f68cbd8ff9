#include "host/cli/client.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace wildwatch::cli {
namespace {

ClientFlags Parse(std::vector<std::string> reversed_args) {
  CLI::App app;
  ClientFlags flags;
  AddClientOptions(&app, &flags);
  app.parse(reversed_args);
  return flags;
}

TEST(ClientTest, ServerAndTokenFallBackToTheEnvironment) {
  EXPECT_EQ(Parse({}).server, "127.0.0.1:7700");
  setenv("WILDWATCH_SERVER", "10.0.0.5:7701", 1);
  setenv("WILDWATCH_TOKEN", "from-env", 1);
  EXPECT_EQ(Parse({}).server, "10.0.0.5:7701");
  EXPECT_EQ(Parse({}).token, "from-env");
  // A flag beats the environment.
  EXPECT_EQ(Parse({"127.0.0.1:9", "--server"}).server, "127.0.0.1:9");
  unsetenv("WILDWATCH_SERVER");
  unsetenv("WILDWATCH_TOKEN");
}

}  // namespace
}  // namespace wildwatch::cli
