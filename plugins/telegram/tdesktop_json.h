// Reading the JSON that Telegram Desktop writes into its exports.
//
// tdesktop's writer (export_output_json.cpp) escapes control characters as
// "\xHH", which no strict JSON parser accepts, so an export cannot be handed
// to nlohmann as it is. And the evidence a post carries must be the message
// exactly as the file has it, which a parse-and-dump round trip would not
// keep. So an export is read in two steps:
//
//   1. ScanObject / ScanArray find the members and elements of a container
//      without decoding anything, as views into the file's bytes (the raw
//      evidence). They check the nesting of brackets and strings, not the
//      scalars inside; those are checked when the piece is parsed.
//   2. ParseTdesktopJson decodes one piece (a message object, a chat name)
//      after RewriteHexEscapes has turned "\xHH" into "\u00HH".
//
//   StatusOr<std::vector<JsonMember>> root = ScanObject(file_text);
//   for (const JsonMember& m : *root)
//     if (m.key == "messages") messages = ScanArray(m.value);
//
// Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_TELEGRAM_TDESKTOP_JSON_H_
#define WILDWATCH_PLUGINS_TELEGRAM_TDESKTOP_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"

namespace wildwatch::telegram {

// One member of a JSON object. key is the text between the quotes, escapes
// left as written (tdesktop's keys are plain ASCII names); value is the
// member's whole value text, e.g. "[1, 2]" or "\"a\\xffb\"".
struct JsonMember {
  std::string_view key;
  std::string_view value;
};

// The members of the object text holds (surrounding whitespace allowed), in
// order, as views into text. INVALID_ARGUMENT naming the byte offset if text
// is not one object, or if brackets or strings inside it do not nest.
StatusOr<std::vector<JsonMember>> ScanObject(std::string_view text);

// The elements of the array text holds, as views into text. Errors as for
// ScanObject.
StatusOr<std::vector<std::string_view>> ScanArray(std::string_view text);

// text with every "\xHH" escape replaced by "\u00HH". A backslash that is
// itself escaped ("\\x41" is a backslash and "x41") is left alone. Other
// text, malformed "\x" included, is copied unchanged for the parser to judge.
std::string RewriteHexEscapes(std::string_view text);

// Parses text as JSON after RewriteHexEscapes. INVALID_ARGUMENT with the
// parser's message on failure.
StatusOr<nlohmann::json> ParseTdesktopJson(std::string_view text);

}  // namespace wildwatch::telegram

#endif  // WILDWATCH_PLUGINS_TELEGRAM_TDESKTOP_JSON_H_
