// ParseMailMessage: what rules need from one RFC 5322 mail message.
//
// Parsing is GMime 3's, which decodes what mail in the wild uses: MIME
// multipart trees, quoted-printable and base64 bodies, RFC 2047 encoded
// words in Subject and From ("=?ISO-8859-1?Q?...?="), RFC 2231 file names,
// and any charset iconv knows (latin-1, Windows-1252, GB2312, ...), all
// converted to UTF-8. Bytes that still are not UTF-8 become U+FFFD.
//
// The body is the message's readable text: every text/plain part that is
// not an attachment, in order; only when there is none, every text/html
// part reduced to text (HtmlToText). Attachments (a Content-Disposition of
// attachment, or any part with a file name, or an attached message) are
// never read as text; their file names are listed instead.
//
//   auto mail = ParseMailMessage("From: Ana <ana@example.org>\r\n"
//                                "Subject: tusks\r\n\r\n2 pairs\r\n");
//   mail->author == "Ana <ana@example.org>", mail->body == "2 pairs"
//
// Thread-safe: GMime is initialised once, on first use; each call parses
// with its own parser.

#ifndef WILDWATCH_PLUGINS_MBOX_MAIL_MESSAGE_H_
#define WILDWATCH_PLUGINS_MBOX_MAIL_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/post.h"
#include "host/core/status.h"

namespace wildwatch::mbox {

struct MailMessage {
  std::string message_id;          // Without angle brackets; empty if none.
  std::string author;              // First From mailbox: "Name <addr>" or addr.
  std::string author_address;      // Its address alone.
  std::string to;                  // The To header, decoded; empty if none.
  int64_t date_ms = kTimeUnknown;  // The Date header, Unix ms UTC.
  std::string subject;             // Decoded; empty if none.
  // The readable text (see above), UTF-8, "\n" line ends, no trailing
  // blank lines.
  std::string body;
  std::vector<std::string> attachments;  // File names, in message order.
};

// Parses message, a complete RFC 5322 message (headers, empty line, body).
// On failure returns INVALID_ARGUMENT saying why: the input does not start
// with a header field, or GMime could not make a message of it.
StatusOr<MailMessage> ParseMailMessage(std::string_view message);

}  // namespace wildwatch::mbox

#endif  // WILDWATCH_PLUGINS_MBOX_MAIL_MESSAGE_H_
