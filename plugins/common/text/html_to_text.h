// HtmlToText: the readable text of an HTML fragment or document, for keyword
// rules to run on.
//
// Connectors receive post bodies as HTML (Mastodon statuses, feed entries,
// mail parts). Rules must see what a reader sees: "Pangolin&nbsp;scales" as
// "Pangolin scales", not markup. The conversion uses libxml2's forgiving HTML
// parser, so broken markup from the wild still yields its text:
//
//   HtmlToText("<p>Ivory <b>bangles</b></p><p>DM&amp;pay</p>")
//       == "Ivory bangles\nDM&pay"
//
// Rules of the conversion:
//   - block elements (p, div, li, h1..h6, tr, blockquote, ...) start and end
//     a line, <br> always breaks a line, so phrases in different blocks never
//     run together into a false keyword match;
//   - runs of whitespace collapse to one space, except inside <pre>;
//   - character and entity references are decoded; no-break spaces become
//     plain spaces;
//   - script, style, head, template and noscript content is dropped;
//   - leading and trailing whitespace of the result, and of every line, is
//     removed.
// Thread-safe: a pure function (libxml2's parser keeps no shared state per
// call once initialised, which this function does on first use).

#ifndef WILDWATCH_PLUGINS_COMMON_TEXT_HTML_TO_TEXT_H_
#define WILDWATCH_PLUGINS_COMMON_TEXT_HTML_TO_TEXT_H_

#include <string>
#include <string_view>

namespace wildwatch::plugins {

// Returns the text of html (UTF-8). Never fails: markup libxml2 cannot make
// sense of contributes whatever text it recovered, and empty input gives "".
std::string HtmlToText(std::string_view html);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_TEXT_HTML_TO_TEXT_H_
