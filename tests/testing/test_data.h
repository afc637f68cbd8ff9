// Reading fixture files and computing expected values, for the tests of
// parsers (exports, mail, feeds) and of anything that rewrites a file.
//
//   std::string chat = ReadFile(dir + "/german.txt");
//   EXPECT_EQ(message.time_ms, UtcMs(2023, 3, 20, 7, 16));
//
// Stateless; safe to call from any thread.

#ifndef WILDWATCH_TESTS_TESTING_TEST_DATA_H_
#define WILDWATCH_TESTS_TESTING_TEST_DATA_H_

#include <cstdint>
#include <string>

namespace wildwatch::testing {

// The bytes of the file at path. Adds a test failure naming path and
// returns "" if it cannot be read.
std::string ReadFile(const std::string& path);

// Unix milliseconds of a UTC date and time (month 1..12), computed by the C
// library: an oracle independent of the date arithmetic under test.
int64_t UtcMs(int year, int month, int day, int hour, int minute,
              int second = 0);

}  // namespace wildwatch::testing

#endif  // WILDWATCH_TESTS_TESTING_TEST_DATA_H_
