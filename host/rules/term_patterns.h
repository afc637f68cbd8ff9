// Term patterns: the RE2 patterns a list of lexicon terms stands for.
//
// A plain term is text as people write it (docs/rules.md, Terms): its
// regex metacharacters are literal, a space matches spaces or a hyphen, a
// leading or trailing `*` lets the word go on, and each end that is a
// word character asks for the engine's Unicode-aware edge boundary. Terms
// are joined into alternations of at most the pattern size limit, one per
// shape of edges and strict language, so thousands of names cost a few
// hundred patterns rather than thousands; a `{re: ...}` term stays a
// pattern of its own. A term and its extensions ("tiger", "tiger bone")
// never share an alternation: RE2 takes the first alternative that
// matches at a position, and the engine checks the Unicode edge after it.
//
// Pure functions; thread-safe.

#ifndef WILDWATCH_HOST_RULES_TERM_PATTERNS_H_
#define WILDWATCH_HOST_RULES_TERM_PATTERNS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "host/rules/rule_file_parser.h"

namespace wildwatch::rules {

// One pattern that terms expanded to.
struct TermPattern {
  std::string regex;
  // Counts only in posts of this language (its terms are strict); "" in
  // any post.
  std::string language;
  Location at;  // Of its first term.
};

// The patterns terms expand to, each term once, in the order the terms
// first appear. A pattern joining several terms is at most max_bytes long;
// a single term may be longer.
std::vector<TermPattern> ExpandTerms(const std::vector<const Term*>& terms,
                                     size_t max_bytes);

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_TERM_PATTERNS_H_
