#include "plugins/mbox/mail_message.h"

#include <gmime/gmime.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "plugins/common/text/html_to_text.h"

namespace wildwatch::mbox {
namespace {

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

void InitGMimeOnce() {
  // GMime's global state (charset tables, type registrations) is set up
  // once per process and never torn down: the plugin is linked -z nodelete
  // so that it, and GMime with it, is never unloaded and re-registered.
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// glibc loads a charset's converter module on iconv_open and unloads it on
// the last iconv_close, and GMime opens and closes a converter per part: in
// an mbox of Windows-1252 mail a third of the time went to dlopen and
// dlclose. One converter per charset held open for the life of the process
// keeps each module loaded after its first use. Unknown charsets open
// nothing; kMaxPinned bounds what junk charset names can cost. The
// converters stay reachable from the map, so LeakSanitizer does not report
// them as leaks.
void KeepConverterLoaded(const char* charset) {
  constexpr size_t kMaxPinned = 64;
  static std::mutex mu;
  static auto* pinned = new std::map<std::string, iconv_t, std::less<>>();
  std::lock_guard lock(mu);
  if (pinned->size() >= kMaxPinned || pinned->contains(charset)) return;
  // Deliberately never closed; see above.
  pinned->emplace(charset, g_mime_iconv_open("UTF-8", charset));
}

// A header field name: printable US-ASCII except ':', then ':' (RFC 5322
// 3.6.8). Anything else on the first line means there are no headers.
bool StartsWithHeaderField(std::string_view message) {
  size_t i = 0;
  while (i < message.size() && message[i] > ' ' && message[i] < 127 &&
         message[i] != ':') {
    ++i;
  }
  return i > 0 && i < message.size() && message[i] == ':';
}

// Valid UTF-8, "\n" line ends, no trailing whitespace.
std::string CleanText(const char* text) {
  GCharPtr valid(g_utf8_make_valid(text, -1));
  std::string out;
  for (const char* p = valid.get(); *p != '\0'; ++p) {
    if (*p == '\r' && p[1] == '\n') continue;
    out.push_back(*p);
  }
  size_t end = out.find_last_not_of(" \t\r\n");
  out.resize(end == std::string::npos ? 0 : end + 1);
  return out;
}

std::string Utf8(const char* text) {
  if (text == nullptr) return {};
  GCharPtr valid(g_utf8_make_valid(text, -1));
  return valid.get();
}

struct BodyParts {
  std::vector<std::string> plain;
  std::vector<std::string> html;
  std::vector<std::string> attachments;
};

void CollectParts(GMimeObject* object, BodyParts* parts) {
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) {
      CollectParts(g_mime_multipart_get_part(multipart, i), parts);
    }
    return;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {
    // A forwarded message travels as an attachment; its subject names it.
    GMimeMessage* inner =
        g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    const char* subject =
        inner == nullptr ? nullptr : g_mime_message_get_subject(inner);
    parts->attachments.push_back(subject == nullptr ? "message"
                                                    : Utf8(subject));
    return;
  }
  if (!GMIME_IS_PART(object)) return;
  GMimePart* part = GMIME_PART(object);
  const char* filename = g_mime_part_get_filename(part);
  if (filename != nullptr || g_mime_part_is_attachment(part)) {
    parts->attachments.push_back(filename == nullptr ? "(unnamed)"
                                                     : Utf8(filename));
    return;
  }
  if (!GMIME_IS_TEXT_PART(object)) return;
  GMimeContentType* type = g_mime_object_get_content_type(object);
  bool plain = g_mime_content_type_is_type(type, "text", "plain");
  bool html = g_mime_content_type_is_type(type, "text", "html");
  if (!plain && !html) return;
  const char* charset =
      g_mime_object_get_content_type_parameter(object, "charset");
  if (charset != nullptr) KeepConverterLoaded(charset);
  // Decodes the transfer encoding and converts the declared charset.
  GCharPtr text(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
  if (text == nullptr) return;
  (plain ? parts->plain : parts->html).push_back(CleanText(text.get()));
}

std::string JoinNonEmpty(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& t : texts) {
    if (t.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += t;
  }
  return out;
}

}  // namespace

StatusOr<MailMessage> ParseMailMessage(std::string_view message) {
  if (!StartsWithHeaderField(message)) {
    return InvalidArgumentError("message does not start with a header field");
  }
  InitGMimeOnce();
  GObjectPtr<GMimeStream> stream(
      g_mime_stream_mem_new_with_buffer(message.data(), message.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GObjectPtr<GMimeMessage> mime(
      g_mime_parser_construct_message(parser.get(), nullptr));
  if (mime == nullptr) {
    return InvalidArgumentError("GMime found no message in it");
  }

  MailMessage mail;
  mail.message_id = Utf8(g_mime_message_get_message_id(mime.get()));
  mail.subject = Utf8(g_mime_message_get_subject(mime.get()));
  InternetAddressList* from = g_mime_message_get_from(mime.get());
  for (int i = 0; from != nullptr && i < internet_address_list_length(from);
       ++i) {
    InternetAddress* address = internet_address_list_get_address(from, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
    mail.author_address = Utf8(
        internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
    std::string name = Utf8(internet_address_get_name(address));
    mail.author = name.empty() ? mail.author_address
                               : name + " <" + mail.author_address + ">";
    break;
  }
  InternetAddressList* to = g_mime_message_get_to(mime.get());
  if (to != nullptr && internet_address_list_length(to) > 0) {
    GCharPtr text(internet_address_list_to_string(to, nullptr, FALSE));
    mail.to = Utf8(text.get());
  }
  if (GDateTime* date = g_mime_message_get_date(mime.get())) {
    mail.date_ms = g_date_time_to_unix(date) * 1000;
  }

  BodyParts parts;
  if (GMimeObject* body = g_mime_message_get_mime_part(mime.get())) {
    CollectParts(body, &parts);
  }
  if (!parts.plain.empty()) {
    mail.body = JoinNonEmpty(parts.plain);
  } else {
    std::vector<std::string> texts;
    for (const std::string& html : parts.html) {
      texts.push_back(plugins::HtmlToText(html));
    }
    mail.body = JoinNonEmpty(texts);
  }
  mail.attachments = std::move(parts.attachments);
  return mail;
}

}  // namespace wildwatch::mbox
