// Parsing of RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 documents into posts.
//
// Classified-ad sites, marketplaces and forums often publish new listings
// as a feed; each item becomes one post:
//
//   RSS <item>                      Atom <entry>                post
//   guid (else link)                id (else link)              id
//   link                            link rel=alternate href     url
//   author, dc:creator              author/name                 author
//   pubDate (RFC 822), dc:date      published, else updated     created_at
//   title                           title                       title
//   content:encoded, description    content, summary            text
//   category (each)                 category@term (each)        "category"
//   enclosure@url                   link rel=enclosure href     "enclosure_url"
//
// The text is the title and the body (HTML converted to text) on separate
// lines. The raw evidence is the item's element serialised by libxml2.
// Thread-safe: a pure function.

#ifndef WILDWATCH_PLUGINS_FEED_FEED_PARSER_H_
#define WILDWATCH_PLUGINS_FEED_FEED_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins::feed {

// One item of a feed. A malformed item has a non-empty error; its post.id
// is still set when the item had one, so a reader can pass it.
struct FeedEntry {
  sdk::Post post;
  std::string error;
};

// The items of the feed document xml, in document order. INVALID_ARGUMENT
// if xml is not an RSS or Atom document at all.
StatusOr<std::vector<FeedEntry>> ParseFeed(std::string_view xml);

}  // namespace wildwatch::plugins::feed

#endif  // WILDWATCH_PLUGINS_FEED_FEED_PARSER_H_
