#include "plugins/feed/feed_parser.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <climits>
#include <memory>
#include <mutex>

#include "plugins/common/http/date_time.h"
#include "plugins/common/text/html_to_text.h"

namespace wildwatch::plugins::feed {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kContentNs =
    "http://purl.org/rss/1.0/modules/content/";

std::string_view Name(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

std::string_view Namespace(const xmlNode* node) {
  return node->ns != nullptr && node->ns->href != nullptr
             ? reinterpret_cast<const char*>(node->ns->href)
             : "";
}

bool Is(const xmlNode* node, std::string_view ns, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && Name(node) == name &&
         Namespace(node) == ns;
}

std::string Trim(std::string s) {
  size_t start = s.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(start, end - start + 1);
}

std::string Content(const xmlNode* node) {
  xmlChar* text = xmlNodeGetContent(node);
  std::string out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return Trim(out);
}

std::string Attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out =
      value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return Trim(out);
}

std::string Serialize(const xmlNode* node) {
  xmlBuffer* buffer = xmlBufferCreate();
  xmlNodeDump(buffer, node->doc, const_cast<xmlNode*>(node), 0, 0);
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(buffer)),
                  static_cast<size_t>(xmlBufferLength(buffer)));
  xmlBufferFree(buffer);
  return out;
}

// An Atom text construct: type text (default), html, or xhtml.
std::string AtomText(const xmlNode* node) {
  std::string type = Attribute(node, "type");
  if (type == "html") return HtmlToText(Content(node));
  if (type == "xhtml") {
    std::string markup;
    for (const xmlNode* child = node->children; child; child = child->next) {
      markup += Serialize(child);
    }
    return HtmlToText(markup);
  }
  return Content(node);
}

int64_t Time(const std::string& text, std::string* error) {
  StatusOr<int64_t> ms = ParseRfc822(text);
  if (!ms.ok()) ms = ParseRfc3339(text);  // Many RSS feeds use ISO dates.
  if (!ms.ok()) {
    *error = ms.status().message();
    return WW_TIME_UNKNOWN;
  }
  return *ms;
}

void Finish(FeedEntry& entry, const std::string& body, const std::string& link,
            const xmlNode* node) {
  sdk::Post& post = entry.post;
  if (post.id.empty()) post.id = link;
  post.url = link;
  post.text = post.title.empty() ? body
              : body.empty()     ? post.title
                                 : post.title + "\n" + body;
  post.raw = Serialize(node);
  if (entry.error.empty() && post.id.empty()) {
    entry.error = "item has neither a guid/id nor a link";
  }
}

FeedEntry RssItem(const xmlNode* item) {
  // RSS 2.0 elements have no namespace; RSS 1.0 puts them in its own.
  std::string_view ns = Namespace(item);
  FeedEntry entry;
  sdk::Post& post = entry.post;
  std::string description, encoded, link;
  for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (Is(c, ns, "guid"))
      post.id = Content(c);
    else if (Is(c, ns, "title"))
      post.title = HtmlToText(Content(c));
    else if (Is(c, ns, "link"))
      link = Content(c);
    else if (Is(c, ns, "description"))
      description = Content(c);
    else if (Is(c, kContentNs, "encoded"))
      encoded = Content(c);
    else if (Is(c, ns, "author") || Is(c, kDcNs, "creator"))
      post.author = Content(c);
    else if (Is(c, ns, "pubDate") || Is(c, kDcNs, "date")) {
      post.created_at_ms = Time(Content(c), &entry.error);
    } else if (Is(c, ns, "category")) {
      post.attributes.emplace_back("category", Content(c));
    } else if (Is(c, ns, "enclosure")) {
      post.attributes.emplace_back("enclosure_url", Attribute(c, "url"));
    }
  }
  if (link.empty()) link = Attribute(item, "about");  // RSS 1.0 rdf:about.
  Finish(entry, HtmlToText(encoded.empty() ? description : encoded), link,
         item);
  return entry;
}

FeedEntry AtomEntry(const xmlNode* node) {
  FeedEntry entry;
  sdk::Post& post = entry.post;
  std::string content, summary, link, published, updated;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (Is(c, kAtomNs, "id"))
      post.id = Content(c);
    else if (Is(c, kAtomNs, "title"))
      post.title = AtomText(c);
    else if (Is(c, kAtomNs, "content"))
      content = AtomText(c);
    else if (Is(c, kAtomNs, "summary"))
      summary = AtomText(c);
    else if (Is(c, kAtomNs, "published"))
      published = Content(c);
    else if (Is(c, kAtomNs, "updated"))
      updated = Content(c);
    else if (Is(c, kAtomNs, "category")) {
      post.attributes.emplace_back("category", Attribute(c, "term"));
    } else if (Is(c, kAtomNs, "link")) {
      std::string rel = Attribute(c, "rel");
      if ((rel.empty() || rel == "alternate") && link.empty()) {
        link = Attribute(c, "href");
      } else if (rel == "enclosure") {
        post.attributes.emplace_back("enclosure_url", Attribute(c, "href"));
      }
    } else if (Is(c, kAtomNs, "author")) {
      for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
        if (Is(a, kAtomNs, "name")) post.author = Content(a);
        if (Is(a, kAtomNs, "uri")) post.author_id = Content(a);
      }
    }
  }
  std::string when = published.empty() ? updated : published;
  if (!when.empty()) {
    StatusOr<int64_t> ms = ParseRfc3339(when);
    if (ms.ok()) {
      post.created_at_ms = *ms;
    } else {
      entry.error = ms.status().message();
    }
  }
  Finish(entry, content.empty() ? summary : content, link, node);
  return entry;
}

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

}  // namespace

StatusOr<std::vector<FeedEntry>> ParseFeed(std::string_view xml) {
  // Initialisation is not thread-safe; instances may parse concurrently.
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  // NONET: a feed must not make the parser fetch a DTD. Entities are not
  // substituted (no XML_PARSE_NOENT), which closes XXE and entity bombs.
  std::unique_ptr<xmlDoc, DocFree> doc(xmlReadMemory(
      xml.data(), static_cast<int>(std::min<size_t>(xml.size(), INT_MAX)),
      nullptr, nullptr,
      XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
          XML_PARSE_NOWARNING));
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    return InvalidArgumentError("not well-formed XML");
  }
  std::vector<FeedEntry> entries;
  if (Is(root, kAtomNs, "feed")) {
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (Is(c, kAtomNs, "entry")) entries.push_back(AtomEntry(c));
    }
    return entries;
  }
  const xmlNode* items_parent = nullptr;
  if (Is(root, "", "rss")) {
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (Is(c, "", "channel")) items_parent = c;
    }
  } else if (Name(root) == "RDF") {
    items_parent = root;
  }
  if (items_parent == nullptr) {
    return InvalidArgumentError("neither an RSS nor an Atom document (root <" +
                                std::string(Name(root)) + ">)");
  }
  for (const xmlNode* c = items_parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && Name(c) == "item") {
      entries.push_back(RssItem(c));
    }
  }
  return entries;
}

}  // namespace wildwatch::plugins::feed
