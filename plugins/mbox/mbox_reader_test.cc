#include "plugins/mbox/mbox_reader.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace wildwatch::mbox {
namespace {

std::vector<MboxEntry> ReadAll(const std::string& mbox, uint64_t offset = 0) {
  std::istringstream in(mbox.substr(offset));
  MboxReader reader(&in, offset);
  std::vector<MboxEntry> entries;
  MboxEntry e;
  while (reader.Next(&e)) entries.push_back(e);
  return entries;
}

const std::string kMbox =
    "From a@example.org Mon Jan 15 14:03:05 2024\n"
    "Subject: one\n"
    "\n"
    "body one\n"
    ">From the start\n"
    ">>From twice\n"
    "From this line is no separator: no blank line before it 1\n"
    "\n"
    "From b@example.org Tue Jan 16 09:00:00 2024\n"
    "Subject: two\n"
    "\n"
    "From nowhere, no digit\n"
    "\n"
    "From c@example.org Wed Jan 17 10:30:00 2024\r\n"
    "Subject: three\r\n"
    "\r\n"
    "last";

TEST(MboxReaderTest, SplitsAtSeparatorsAfterBlankLinesAndUnquotes) {
  std::vector<MboxEntry> entries = ReadAll(kMbox);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_FALSE(entries[0].stray);
  EXPECT_EQ(entries[0].envelope, "a@example.org Mon Jan 15 14:03:05 2024");
  EXPECT_EQ(entries[0].message,
            "Subject: one\n\nbody one\nFrom the start\n>From twice\n"
            "From this line is no separator: no blank line before it 1\n");
  EXPECT_EQ(entries[0].begin, 0u);
  EXPECT_EQ(entries[0].end, kMbox.find("From b@"));
  EXPECT_EQ(entries[1].message, "Subject: two\n\nFrom nowhere, no digit\n");
  EXPECT_EQ(entries[1].begin, entries[0].end);
  EXPECT_EQ(entries[2].envelope, "c@example.org Wed Jan 17 10:30:00 2024");
  EXPECT_EQ(entries[2].message, "Subject: three\r\n\r\nlast");
  EXPECT_EQ(entries[2].end, kMbox.size());
}

TEST(MboxReaderTest, RestartsAtAnyEntryEnd) {
  std::vector<MboxEntry> all = ReadAll(kMbox);
  for (size_t i = 0; i < all.size(); ++i) {
    std::vector<MboxEntry> rest = ReadAll(kMbox, all[i].end);
    ASSERT_EQ(rest.size(), all.size() - i - 1);
    for (size_t j = 0; j < rest.size(); ++j) {
      EXPECT_EQ(rest[j].begin, all[i + 1 + j].begin);
      EXPECT_EQ(rest[j].message, all[i + 1 + j].message);
    }
  }
}

TEST(MboxReaderTest, TextBeforeTheFirstSeparatorIsStray) {
  std::vector<MboxEntry> entries = ReadAll(
      "junk line\n\nFrom a@example.org Mon Jan 15 14:03:05 2024\nX: 1\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_TRUE(entries[0].stray);
  EXPECT_EQ(entries[0].message, "junk line\n\n");
  EXPECT_FALSE(entries[1].stray);
  EXPECT_EQ(entries[1].message, "X: 1\n");
  EXPECT_TRUE(ReadAll("").empty());
}

}  // namespace
}  // namespace wildwatch::mbox
