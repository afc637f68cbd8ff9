#include "host/connector/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace wildwatch {
namespace {

TEST(WorkerPoolTest, RunsTheJobOnTheCallerAndEveryWorkerAtOnce) {
  WorkerPool pool(3);
  EXPECT_EQ(pool.workers(), 3u);
  std::mutex mu;
  std::set<std::thread::id> threads;
  std::atomic<int> arrived{0};
  pool.Run([&] {
    {
      std::lock_guard lock(mu);
      threads.insert(std::this_thread::get_id());
    }
    // Only returns once all four calls are in: they run at the same time.
    ++arrived;
    while (arrived.load() < 4) std::this_thread::yield();
  });
  EXPECT_EQ(threads.size(), 4u);
  EXPECT_TRUE(threads.contains(std::this_thread::get_id()));
}

TEST(WorkerPoolTest, ReturnsOnlyWhenEveryCallHasReturned) {
  WorkerPool pool(2);
  for (int round = 0; round < 200; ++round) {
    std::atomic<size_t> next{0};
    std::vector<int> done(1000, 0);
    pool.Run([&] {
      for (size_t i; (i = next.fetch_add(1)) < done.size();) done[i] = round;
    });
    for (size_t i = 0; i < done.size(); ++i) ASSERT_EQ(done[i], round) << i;
  }
}

TEST(WorkerPoolTest, WithoutWorkersTheCallerRunsAlone) {
  WorkerPool pool(0);
  int calls = 0;
  pool.Run([&] { ++calls; });
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace wildwatch
