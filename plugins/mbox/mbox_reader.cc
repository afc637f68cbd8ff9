#include "plugins/mbox/mbox_reader.h"

#include <string_view>

namespace wildwatch::mbox {
namespace {

bool IsBlankLine(std::string_view line) {
  return line == "\n" || line == "\r\n";
}

// "From " followed by a sender, and a date somewhere after it. Requiring a
// digit keeps a stray "From here on..." after an empty line in a badly
// quoted mbox from splitting a message.
bool IsSeparator(std::string_view line) {
  return line.starts_with("From ") && line.size() > 5 && line[5] != ' ' &&
         line.find_first_of("0123456789") != std::string_view::npos;
}

// Removes one '>' from ">From ", ">>From ", ...
void Unquote(std::string* line) {
  size_t n = line->find_first_not_of('>');
  if (n > 0 && n != std::string::npos &&
      std::string_view(*line).substr(n).starts_with("From ")) {
    line->erase(0, 1);
  }
}

std::string_view WithoutLineEnd(std::string_view line) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

}  // namespace

MboxReader::MboxReader(std::istream* in, uint64_t offset)
    : in_(in), offset_(offset) {}

bool MboxReader::ReadLine(std::string* line) {
  if (!std::getline(*in_, *line)) return false;
  bool newline = !in_->eof();
  if (newline) line->push_back('\n');
  offset_ += line->size();
  return true;
}

bool MboxReader::Next(MboxEntry* entry) {
  std::string line;
  MboxEntry e;
  if (!separator_.empty()) {
    line = std::move(separator_);
    separator_.clear();
    e.begin = offset_ - line.size();
  } else {
    if (!ReadLine(&line)) return false;
    e.begin = offset_ - line.size();
  }
  // The first line of a reader starts an entry: it is at offset 0 or at a
  // separator where an earlier entry ended.
  if (IsSeparator(line)) {
    e.envelope = WithoutLineEnd(line).substr(5);
  } else {
    e.stray = true;
    e.message = std::move(line);
  }
  bool previous_blank = e.stray && IsBlankLine(e.message);
  while (ReadLine(&line)) {
    if (previous_blank && IsSeparator(line)) {
      separator_ = std::move(line);
      break;
    }
    previous_blank = IsBlankLine(line);
    if (!e.stray) Unquote(&line);
    e.message += line;
  }
  e.end = offset_ - separator_.size();
  // The empty line writers put after every message, the last one included,
  // belongs to the mbox, not to the message.
  if (!e.stray) {
    if (e.message.ends_with("\r\n\r\n")) {
      e.message.resize(e.message.size() - 2);
    } else if (e.message.ends_with("\n\n")) {
      e.message.pop_back();
    }
  }
  *entry = std::move(e);
  return true;
}

}  // namespace wildwatch::mbox
