#include "host/rules/term_patterns.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "host/rules/pattern_pool.h"

namespace wildwatch::rules {

namespace {

// What a `*` stands for: the rest of the word.
constexpr std::string_view kContinuation = "[\\pL\\pM\\pN_]*";
// What a space in a term stands for.
constexpr std::string_view kSpace = "[\\s\\-]+";

struct Fragment {
  std::string regex;  // Without its edge \b.
  bool before = false;
  bool after = false;
  // The text it matches at its start, for the prefix check in
  // ExpandTerms: lowercased, spaces as one, '*' off; "*..." for a term
  // whose start may vary.
  std::string key;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Fragment PlainTermFragment(std::string_view term) {
  Fragment out;
  const bool lead = !term.empty() && term.front() == '*';
  if (lead) term.remove_prefix(1);
  const bool trail = !term.empty() && term.back() == '*';
  if (trail) term.remove_suffix(1);
  out.before = lead || StartsWithWordChar(term);
  out.after = trail || EndsWithWordChar(term);
  if (lead) {
    out.regex += kContinuation;
    out.key = "*";
  }
  size_t i = 0;
  bool first = true;
  while (i < term.size()) {
    while (i < term.size() && IsSpace(term[i])) ++i;
    size_t end = i;
    while (end < term.size() && !IsSpace(term[end])) ++end;
    if (end == i) break;
    if (!first) {
      out.regex += kSpace;
      out.key += ' ';
    }
    first = false;
    for (size_t k = i; k < end; ++k) {
      out.key +=
          static_cast<char>(std::tolower(static_cast<unsigned char>(term[k])));
    }
    out.regex += RE2::QuoteMeta(re2::StringPiece(term.data() + i, end - i));
    i = end;
  }
  if (trail) out.regex += kContinuation;
  return out;
}

// For each key, how many of the others are its proper prefixes. RE2
// tries alternatives leftmost-first, so in "tiger|tiger bone" on "tiger
// bones" the longer one wins the start, fails its end boundary, and the
// shorter one is never tried there. Two keys of the same depth are never
// prefix and extension, so alternations are made per depth.
std::vector<int> PrefixDepths(const std::vector<std::string>& keys) {
  std::vector<size_t> order(keys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  std::vector<int> depths(keys.size(), 0);
  std::vector<size_t> chain;  // Keys that are prefixes of the current one.
  for (size_t index : order) {
    const std::string& key = keys[index];
    while (!chain.empty() &&
           key.compare(0, keys[chain.back()].size(), keys[chain.back()]) != 0) {
      chain.pop_back();
    }
    depths[index] = static_cast<int>(chain.size());
    chain.push_back(index);
  }
  return depths;
}

std::string Wrap(const Fragment& shape, std::string_view body) {
  std::string out = shape.before ? "\\b" : "";
  out += body;
  if (shape.after) out += "\\b";
  return out;
}

}  // namespace

std::vector<TermPattern> ExpandTerms(const std::vector<const Term*>& terms,
                                     size_t max_bytes) {
  // Terms of one shape and language share alternations.
  struct Group {
    Fragment shape;
    std::string language;
    std::vector<std::pair<std::string, Location>> fragments;
    std::vector<std::string> keys;
  };
  std::vector<Group> groups;
  std::map<std::tuple<bool, bool, std::string>, size_t> group_of;
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<TermPattern> out;
  // Groups and raw patterns keep the order of their first term.
  std::vector<std::pair<bool, size_t>> order;  // (is group, index).
  for (const Term* term : terms) {
    const std::string language = term->strict ? term->language : "";
    if (term->regex) {
      if (!seen.insert({"re:" + term->text, language}).second) continue;
      order.push_back({false, out.size()});
      out.push_back(TermPattern{term->text, language, term->at});
      continue;
    }
    Fragment fragment = PlainTermFragment(term->text);
    if (!seen.insert({fragment.regex, language}).second) continue;
    const auto key = std::make_tuple(fragment.before, fragment.after, language);
    auto [it, inserted] = group_of.emplace(key, groups.size());
    if (inserted) {
      order.push_back({true, groups.size()});
      groups.push_back(Group{fragment, language, {}, {}});
    }
    groups[it->second].fragments.push_back(
        {std::move(fragment.regex), term->at});
    groups[it->second].keys.push_back(std::move(fragment.key));
  }
  std::vector<TermPattern> raw = std::move(out);
  out.clear();
  for (const auto& [is_group, index] : order) {
    if (!is_group) {
      out.push_back(std::move(raw[index]));
      continue;
    }
    const Group& group = groups[index];
    const size_t overhead = Wrap(group.shape, "(?:)").size();
    std::string body;
    Location at;
    const auto flush = [&] {
      if (body.empty()) return;
      out.push_back(TermPattern{Wrap(group.shape, "(?:" + body + ")"),
                                group.language, at});
      body.clear();
    };
    const std::vector<int> depths = PrefixDepths(group.keys);
    const int deepest = *std::max_element(depths.begin(), depths.end());
    for (int depth = 0; depth <= deepest; ++depth) {
      for (size_t f = 0; f < group.fragments.size(); ++f) {
        if (depths[f] != depth) continue;
        const auto& [fragment, term_at] = group.fragments[f];
        if (!body.empty() &&
            overhead + body.size() + 1 + fragment.size() > max_bytes) {
          flush();
        }
        if (body.empty()) {
          at = term_at;
        } else {
          body += '|';
        }
        body += fragment;
      }
      flush();
    }
  }
  return out;
}

}  // namespace wildwatch::rules
