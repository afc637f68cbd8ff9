// Helpers for tests of match storage: a match with every field set, and a
// field-by-field comparison (Match has no operator==, and one assertion per
// field says which one differs). Thread-safe: pure functions.

#ifndef WILDWATCH_HOST_STORE_TESTING_MATCH_TESTING_H_
#define WILDWATCH_HOST_STORE_TESTING_MATCH_TESTING_H_

#include <string>

#include "host/core/match.h"

namespace wildwatch::testing {

// A match whose every field differs from its default and from the same
// field of FullMatch(m) for any other m; post.raw and one attribute hold
// bytes that are not UTF-8 (NUL, 0xff). raw_sha256 is the hash of post.raw;
// sequence is 0.
Match FullMatch(int n);

// Adds a gtest failure naming each field (sequence and post.raw included)
// in which actual differs from expected.
void ExpectSameMatch(const Match& expected, const Match& actual);

}  // namespace wildwatch::testing

#endif  // WILDWATCH_HOST_STORE_TESTING_MATCH_TESTING_H_
