// Parsing of WhatsApp "Export chat" text files into messages.
//
// WhatsApp has no specification for the export; the rules below follow the
// exports phones produce and the MIT-licensed reference parser
// Pustur/whatsapp-chat-parser. A message starts with a header line:
//
//   Android: 15/01/2024, 14:03 - Ana: have 2 tusks
//   iOS:     [15/01/2024, 14:03:05] Ana: have 2 tusks
//
// optionally preceded by U+200E/U+200F marks. The date is written in the
// phone's locale: D/M/Y or M/D/Y or Y-M-D, separated by '/', '.' or '-',
// with 2- or 4-digit years; the time is 24-hour or 12-hour with an AM/PM
// marker ("PM", "p.m.", "p. m."), which recent exports separate by U+202F.
// Lines that are not headers continue the message above them. A header
// without "Author: " is a system line (encryption notice, "X added Y").
//
// Which of day and month comes first is decided per export, as the reference
// parser does: a first number above 12 means day first, a second above 12
// month first; failing that, the number that goes down between consecutive
// dates of one year is the day; failing that, the one that changes more; and
// day first when nothing tells. ChatParseOptions::date_order overrides it.
//
// Exports carry local time without a zone; timezone_offset_minutes (east of
// UTC positive) turns it into UTC.
//
// Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_WHATSAPP_CHAT_EXPORT_H_
#define WILDWATCH_PLUGINS_WHATSAPP_CHAT_EXPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wildwatch::whatsapp {

enum class DateOrder {
  kAuto,          // Inferred from the export (see above).
  kDayMonthYear,  // 15/01/2024, 15.01.24
  kMonthDayYear,  // 1/15/24
  kYearMonthDay,  // 2024-01-15
};

struct ChatParseOptions {
  // How to read the numbers of a date. Default: inferred per export.
  DateOrder date_order = DateOrder::kAuto;
  // The phone's offset from UTC when it exported, in minutes east of UTC
  // (e.g. 60 for CET). Default 0: the local times are taken as UTC.
  int timezone_offset_minutes = 0;
};

// One item of an export: a message, a system line or something that could
// not be read. Items tile the export in order; bytes between them are blank
// lines only.
struct ChatEntry {
  enum class Kind { kMessage, kSystem, kMalformed };
  Kind kind = Kind::kMessage;
  // Bytes [begin, end) of the export, from the header line through the line
  // end of its last continuation line.
  size_t begin = 0;
  size_t end = 0;
  size_t line = 0;  // 1-based line number of the header.
  // The lines as exported, without the final line end: the evidence.
  std::string_view raw;
  // kMessage only below.
  int64_t time_ms = 0;  // Unix milliseconds, UTC.
  std::string author;   // Contact name or phone number, as exported.
  // The message: the header's text and its continuation lines joined by
  // "\n", without carriage returns and leading direction marks.
  std::string text;
  // Non-empty when the message stands for media: the attached file name
  // ("00000012-PHOTO-2024-01-15-14-03-05.jpg"), the kind when the file was
  // left out ("image", "video", ...), or "omitted" for Android's
  // "<Media omitted>".
  std::string media;
  // kMalformed only: why the item could not be read.
  std::string error;
};

struct ParsedChat {
  // The order used: options.date_order, or what was inferred.
  DateOrder date_order = DateOrder::kDayMonthYear;
  std::vector<ChatEntry> entries;
};

// Parses a whole export. Never fails: a header whose date or time is
// impossible (month 13, 25:00) and text before the first header become
// kMalformed entries. The entries' string_views point into content, which
// must outlive them.
ParsedChat ParseChatExport(std::string_view content,
                           const ChatParseOptions& options);

}  // namespace wildwatch::whatsapp

#endif  // WILDWATCH_PLUGINS_WHATSAPP_CHAT_EXPORT_H_
