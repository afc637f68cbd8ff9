#include "host/cli/table.h"

#include <gtest/gtest.h>

#include <sstream>

namespace wildwatch::cli {
namespace {

TEST(TableTest, TextAlignsColumnsAndTrimsTrailingBlanks) {
  Table table({"NAME", "STATE", "NOTE"});
  table.AddRow({"bazaar", "running", ""});
  table.AddRow({"x", "idle", "slow"});
  std::ostringstream out;
  table.WriteText(out);
  EXPECT_EQ(out.str(),
            "NAME    STATE    NOTE\n"
            "bazaar  running\n"
            "x       idle     slow\n");
}

TEST(TableTest, CsvQuotesOnlyWhatNeedsIt) {
  Table table({"a", "b"});
  table.AddRow({"plain", "has,comma"});
  table.AddRow({"say \"hi\"", "two\nlines"});
  std::ostringstream out;
  table.WriteCsv(out);
  EXPECT_EQ(out.str(),
            "a,b\n"
            "plain,\"has,comma\"\n"
            "\"say \"\"hi\"\"\",\"two\nlines\"\n");
}

TEST(TableTest, EmptyTableStillHasItsHeader) {
  Table table({"ONLY"});
  std::ostringstream text, csv;
  table.WriteText(text);
  table.WriteCsv(csv);
  EXPECT_EQ(text.str(), "ONLY\n");
  EXPECT_EQ(csv.str(), "ONLY\n");
  EXPECT_TRUE(table.rows().empty());
}

}  // namespace
}  // namespace wildwatch::cli
