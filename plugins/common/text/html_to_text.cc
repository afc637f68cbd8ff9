#include "plugins/common/text/html_to_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <mutex>

namespace wildwatch::plugins {
namespace {

constexpr std::array<std::string_view, 6> kDropped = {
    "script", "style", "head", "template", "noscript", "title"};

constexpr std::array<std::string_view, 36> kBlocks = {
    "address", "article", "aside", "blockquote", "dd",       "details",
    "dialog",  "div",     "dl",    "dt",         "fieldset", "figcaption",
    "figure",  "footer",  "form",  "h1",         "h2",       "h3",
    "h4",      "h5",      "h6",    "header",     "hr",       "li",
    "main",    "nav",     "ol",    "p",          "pre",      "section",
    "table",   "tr",      "td",    "th",         "ul",       "summary"};

bool IsOneOf(std::string_view name, auto const& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Accumulates text with HTML's whitespace rules. Breaks and spaces are kept
// pending until the next visible character, so nothing trails a line.
class TextBuilder {
 public:
  void Text(std::string_view text, bool preformatted) {
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      // U+00A0 (no-break space) is a space for keyword matching.
      if (c == 0xC2 && i + 1 < text.size() &&
          static_cast<unsigned char>(text[i + 1]) == 0xA0) {
        ++i;
        c = ' ';
      }
      if (preformatted && c == '\n') {
        Break();
        continue;
      }
      if (IsSpace(c)) {
        pending_space_ = true;
        continue;
      }
      Flush();
      out_.push_back(static_cast<char>(c));
    }
  }

  // A block boundary: at least one line break before the next text.
  void Block() { pending_breaks_ = std::max(pending_breaks_, 1); }

  // An explicit <br>: one more line break before the next text.
  void Break() { ++pending_breaks_; }

  std::string Take() { return std::move(out_); }

 private:
  void Flush() {
    if (!out_.empty()) {
      if (pending_breaks_ > 0) {
        out_.append(static_cast<size_t>(pending_breaks_), '\n');
      } else if (pending_space_) {
        out_.push_back(' ');
      }
    }
    pending_breaks_ = 0;
    pending_space_ = false;
  }

  std::string out_;
  int pending_breaks_ = 0;
  bool pending_space_ = false;
};

void Walk(const xmlNode* node, bool preformatted, TextBuilder& builder) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) {
        builder.Text(reinterpret_cast<const char*>(node->content),
                     preformatted);
      }
      continue;
    }
    if (node->type != XML_ELEMENT_NODE) continue;
    std::string_view name(reinterpret_cast<const char*>(node->name));
    if (IsOneOf(name, kDropped)) continue;
    if (name == "br") {
      builder.Break();
      continue;
    }
    bool block = IsOneOf(name, kBlocks);
    if (block) builder.Block();
    Walk(node->children, preformatted || name == "pre", builder);
    if (block) builder.Block();
  }
}

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

}  // namespace

std::string HtmlToText(std::string_view html) {
  if (html.empty()) return "";
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  // libxml2 takes an int length; bodies beyond 2 GiB are cut, not rejected.
  int size = static_cast<int>(std::min<size_t>(html.size(), INT_MAX));
  std::unique_ptr<xmlDoc, DocFree> doc(htmlReadMemory(
      html.data(), size, nullptr, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
          HTML_PARSE_NONET | HTML_PARSE_COMPACT));
  if (doc == nullptr) return "";
  TextBuilder builder;
  Walk(xmlDocGetRootElement(doc.get()), false, builder);
  return builder.Take();
}

}  // namespace wildwatch::plugins
