// MboxReader: the messages of an mbox file, read as a stream.
//
// An mbox (RFC 4155) is a concatenation of messages, each introduced by a
// "From " separator line ("From ana@example.org Mon Jan 15 14:03:05 2024")
// at the start of the file or after an empty line. Inside a message, body
// lines that would look like a separator were written with a '>' in front;
// the reader removes one '>' from every line matching ^>+From (the mboxrd
// convention, which also undoes the older mboxo quoting of "From ").
//
// Each entry records its byte range in the file, so a reader can be started
// again at any entry's end offset (a checkpoint) and continue exactly there.
// Text before the first separator is returned as a stray entry.
//
// Thread-compatible; not copyable (it reads from a stream it does not own).

#ifndef WILDWATCH_PLUGINS_MBOX_MBOX_READER_H_
#define WILDWATCH_PLUGINS_MBOX_MBOX_READER_H_

#include <cstdint>
#include <istream>
#include <string>

namespace wildwatch::mbox {

struct MboxEntry {
  uint64_t begin = 0;  // Offset of the separator line (or of stray text).
  uint64_t end = 0;    // Offset just after the entry: next separator or EOF.
  // True for text before the first separator: not a message.
  bool stray = false;
  // The separator line without "From " and its line end; empty if stray.
  std::string envelope;
  // The RFC 5322 message: separator line removed, quoted "From " lines
  // unquoted, the empty line that ends every mbox entry dropped.
  // Stray text as it was.
  std::string message;
};

class MboxReader {
 public:
  // Reads from *in, whose next byte is at file offset offset. in must
  // outlive the reader. REQUIRES: offset is 0 or the end of an entry this
  // reader type returned for the same file.
  MboxReader(std::istream* in, uint64_t offset);
  MboxReader(const MboxReader&) = delete;
  MboxReader& operator=(const MboxReader&) = delete;

  // On success fills *entry and returns true; at the end of the input
  // returns false and leaves *entry unchanged.
  bool Next(MboxEntry* entry);

 private:
  // Reads one line including its "\n" (absent on a last unterminated line).
  bool ReadLine(std::string* line);

  std::istream* const in_;
  uint64_t offset_;        // File offset of the next unread byte.
  std::string separator_;  // A separator line read ahead, or empty.
};

}  // namespace wildwatch::mbox

#endif  // WILDWATCH_PLUGINS_MBOX_MBOX_READER_H_
