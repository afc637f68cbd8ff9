#include "host/cli/table.h"

#include <algorithm>
#include <cassert>

namespace wildwatch::cli {

namespace {

void WriteTextRow(const std::vector<std::string>& row,
                  const std::vector<size_t>& widths, std::ostream& out) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    line += row[i];
    line.append(widths[i] - row[i].size() + 2, ' ');
  }
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << "\n";
}

}  // namespace

Table::Table(std::vector<std::string> header) : header_(std::move(header)) {}

void Table::AddRow(std::vector<std::string> row) {
  assert(row.size() == header_.size());
  rows_.push_back(std::move(row));
}

void Table::WriteText(std::ostream& out) const {
  std::vector<size_t> widths(header_.size());
  for (size_t i = 0; i < header_.size(); ++i) widths[i] = header_[i].size();
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  WriteTextRow(header_, widths, out);
  for (const auto& row : rows_) WriteTextRow(row, widths, out);
}

void Table::WriteCsvRecord(const std::vector<std::string>& row,
                           std::ostream& out) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out << ',';
    const std::string& cell = row[i];
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
      out << cell;
      continue;
    }
    out << '"';
    for (char c : cell) {
      if (c == '"') out << '"';
      out << c;
    }
    out << '"';
  }
  // RFC 4180 ends records with CRLF; spreadsheets and csv readers accept
  // LF, and the rest of the command line speaks LF.
  out << "\n";
}

void Table::WriteCsv(std::ostream& out) const {
  WriteCsvRecord(header_, out);
  for (const auto& row : rows_) WriteCsvRecord(row, out);
}

}  // namespace wildwatch::cli
