#include "plugins/common/http/link_header.h"

#include <cctype>

namespace wildwatch::plugins {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(c));
  return out;
}

// Adds target under every relation listed in one link's parameters
// ("; rel=\"next\"; title=x").
void AddRelations(std::string_view params, const std::string& target,
                  std::map<std::string, std::string>& links) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view()
                                            : params.substr(semi + 1);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos ||
        Lower(Trim(param.substr(0, eq))) != "rel") {
      continue;
    }
    std::string_view rels = Trim(param.substr(eq + 1));
    if (rels.size() >= 2 && rels.front() == '"' && rels.back() == '"') {
      rels = rels.substr(1, rels.size() - 2);
    }
    while (!rels.empty()) {
      size_t space = rels.find(' ');
      std::string_view rel = Trim(rels.substr(0, space));
      rels = space == std::string_view::npos ? std::string_view()
                                             : rels.substr(space + 1);
      if (!rel.empty()) links.emplace(Lower(rel), target);
    }
  }
}

}  // namespace

std::map<std::string, std::string> ParseLinkHeader(std::string_view value) {
  std::map<std::string, std::string> links;
  size_t pos = 0;
  while (true) {
    size_t open = value.find('<', pos);
    if (open == std::string_view::npos) break;
    size_t close = value.find('>', open);
    if (close == std::string_view::npos) break;
    std::string target(value.substr(open + 1, close - open - 1));
    // Parameters run to the next link ('<' cannot appear in them unquoted);
    // the comma separating the links is dropped.
    size_t next = value.find('<', close);
    std::string_view params = Trim(value.substr(
        close + 1, next == std::string_view::npos ? std::string_view::npos
                                                  : next - close - 1));
    if (!params.empty() && params.back() == ',') params.remove_suffix(1);
    AddRelations(params, target, links);
    pos = close + 1;
  }
  return links;
}

}  // namespace wildwatch::plugins
