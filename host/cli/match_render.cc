#include "host/cli/match_render.h"

#include <time.h>

#include <algorithm>
#include <cstdio>

#include "host/core/match.h"
#include "host/feed/proto_convert.h"

namespace wildwatch::cli {

namespace {

bool IsUtf8Continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::string_view SeverityOf(const v1::Match& m) {
  Severity severity = Severity::kMedium;
  SeverityFromProto(m.severity(), &severity);
  return SeverityName(severity);
}

}  // namespace

std::string FormatTime(int64_t ms, bool precise) {
  if (ms == 0) return "";
  const time_t seconds = static_cast<time_t>(ms / 1000);
  struct tm tm;
  gmtime_r(&seconds, &tm);
  char buf[40];
  if (!precise) {
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%MZ", &tm);
    return buf;
  }
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

std::string Snippet(const v1::Match& m) {
  constexpr size_t kContext = 40;
  const std::string& text = m.post().text();
  size_t begin = 0, end = std::min(text.size(), 2 * kContext);
  if (m.spans_size() > 0 && m.spans(0).end() <= text.size()) {
    begin = m.spans(0).start() > kContext ? m.spans(0).start() - kContext : 0;
    end = std::min<size_t>(text.size(), m.spans(0).end() + kContext);
  }
  while (begin > 0 && begin < text.size() && IsUtf8Continuation(text[begin])) {
    ++begin;
  }
  while (end < text.size() && IsUtf8Continuation(text[end])) ++end;
  std::string out = begin > 0 ? "..." : "";
  for (size_t i = begin; i < end; ++i) {
    const char c = text[i];
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  if (end < text.size()) out += "...";
  return out;
}

std::string MatchLine(const v1::Match& m) {
  const int64_t when = m.post().created_at_ms() != 0 ? m.post().created_at_ms()
                                                     : m.captured_at_ms();
  std::string line =
      "#" + std::to_string(m.sequence()) + " " + FormatTime(when, false) +
      " [" + std::string(SeverityOf(m)) + "] " + m.scientific_name() +
      " (App. " + m.appendix() + ") " + m.platform() + " post " + m.post().id();
  const std::string& author =
      m.post().author().empty() ? m.post().author_id() : m.post().author();
  if (!author.empty()) line += " by @" + author;
  line += ": \"" + Snippet(m) + "\"";
  if (!m.post().url().empty()) line += " " + m.post().url();
  return line;
}

std::vector<std::string> MatchHeader() {
  return {"sequence", "match_id",        "connector",  "platform",
          "post_id",  "author",          "created_at", "captured_at",
          "taxon_id", "scientific_name", "appendix",   "rule_id",
          "severity", "ruleset_version", "snippet",    "url"};
}

std::vector<std::string> MatchRow(const v1::Match& m) {
  return {std::to_string(m.sequence()),
          m.match_id(),
          m.connector(),
          m.platform(),
          m.post().id(),
          m.post().author().empty() ? m.post().author_id() : m.post().author(),
          FormatTime(m.post().created_at_ms(), true),
          FormatTime(m.captured_at_ms(), true),
          m.taxon_id(),
          m.scientific_name(),
          m.appendix(),
          m.rule_id(),
          std::string(SeverityOf(m)),
          m.ruleset_version(),
          Snippet(m),
          m.post().url()};
}

}  // namespace wildwatch::cli
