#include "plugins/common/http/backoff.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DoublesWithJitterUpToTheCap) {
  for (int trial = 0; trial < 50; ++trial) {
    Backoff backoff(milliseconds(100), milliseconds(1000));
    int64_t ceiling = 100;
    for (int i = 0; i < 8; ++i) {
      milliseconds d = backoff.Next();
      EXPECT_GE(d.count(), ceiling / 2) << "retry " << i;
      EXPECT_LE(d.count(), ceiling) << "retry " << i;
      ceiling = std::min<int64_t>(ceiling * 2, 1000);
    }
  }
}

TEST(BackoffTest, ManyRetriesNeverOverflow) {
  Backoff backoff(milliseconds(7), milliseconds(60000));
  milliseconds last{0};
  for (int i = 0; i < 100; ++i) last = backoff.Next();
  EXPECT_GE(last.count(), 30000);
  EXPECT_LE(last.count(), 60000);
}

TEST(BackoffTest, ZeroBaseMeansNoWait) {
  Backoff backoff(milliseconds(0), milliseconds(0));
  EXPECT_EQ(backoff.Next().count(), 0);
  EXPECT_EQ(backoff.Next().count(), 0);
}

}  // namespace
}  // namespace wildwatch::plugins
