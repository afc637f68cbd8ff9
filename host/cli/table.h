// A table of text cells with a header row, written aligned for a person or
// as CSV (RFC 4180) for a spreadsheet. Every tabular `wildwatch` output goes
// through one, so the text and CSV forms of a command always agree.
//
// Thread-compatible: a plain value.
#ifndef WILDWATCH_HOST_CLI_TABLE_H_
#define WILDWATCH_HOST_CLI_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

namespace wildwatch::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header);

  // REQUIRES: row.size() == header size.
  void AddRow(std::vector<std::string> row);

  // Left-aligned columns two spaces apart, header first, trailing blanks
  // trimmed.
  void WriteText(std::ostream& out) const;

  // Header then rows; a cell holding a comma, quote, CR or LF is quoted,
  // its quotes doubled.
  void WriteCsv(std::ostream& out) const;

  // One CSV record, quoted as WriteCsv does: for output that streams rows
  // after a header written once.
  static void WriteCsvRecord(const std::vector<std::string>& cells,
                             std::ostream& out);

  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_TABLE_H_
