#include "plugins/common/http/url.h"

#include <cctype>
#include <vector>

namespace wildwatch::plugins {

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string WithQueryParameter(std::string_view url, std::string_view name,
                               std::string_view value) {
  size_t hash = url.find('#');
  std::string_view fragment =
      hash == std::string_view::npos ? std::string_view() : url.substr(hash);
  std::string_view base = url.substr(0, hash);
  std::string param = UrlEncode(name) + "=" + UrlEncode(value);
  size_t question = base.find('?');
  if (question == std::string_view::npos) {
    return std::string(base) + "?" + param + std::string(fragment);
  }
  std::string key = UrlEncode(name);
  std::vector<std::string_view> pairs;
  bool replaced = false;
  std::string_view query = base.substr(question + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view()
                                          : query.substr(amp + 1);
    if (pair.empty()) continue;
    if (pair.substr(0, pair.find('=')) != key) {
      pairs.push_back(pair);
    } else if (!replaced) {  // Repeats of the parameter are dropped.
      pairs.push_back(param);
      replaced = true;
    }
  }
  if (!replaced) pairs.push_back(param);
  std::string out(base.substr(0, question + 1));
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out.push_back('&');
    out.append(pairs[i]);
  }
  return out + std::string(fragment);
}

}  // namespace wildwatch::plugins
