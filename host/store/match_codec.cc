#include "host/store/match_codec.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace wildwatch {
namespace {

using Json = nlohmann::json;

Json PostToBody(const Post& p) {
  Json attributes = Json::array();
  for (const auto& [key, value] : p.attributes) {
    attributes.push_back(Json::array({key, value}));
  }
  return Json{{"id", p.id},
              {"platform", p.platform},
              {"url", p.url},
              {"author", p.author},
              {"author_id", p.author_id},
              {"created_at_ms", p.created_at_ms},
              {"title", p.title},
              {"text", p.text},
              {"lang", p.lang},
              {"attributes", std::move(attributes)}};
}

// Reads named fields out of a decoded object, remembering the first one whose
// value has the wrong shape so the caller can name it.
class FieldReader {
 public:
  explicit FieldReader(const Json& object) : object_(object) {}

  // Sets *out from the field key when present; leaves it alone otherwise.
  template <typename T>
  void Read(const char* key, T* out) {
    auto it = object_.find(key);
    if (it == object_.end()) return;
    // nlohmann reports a wrong type by throwing; it stops here.
    try {
      it->get_to(*out);
    } catch (const Json::exception&) {
      if (bad_field_.empty()) bad_field_ = key;
    }
  }

  // The first malformed field, or "" if none.
  const std::string& bad_field() const { return bad_field_; }

 private:
  const Json& object_;
  std::string bad_field_;
};

}  // namespace

std::string EncodeMatchBody(const Match& m) {
  Json spans = Json::array();
  for (const Span& s : m.spans) spans.push_back(Json::array({s.start, s.end}));
  const Json body{{"match_id", m.match_id},
                  {"connector", m.connector},
                  {"platform", m.platform},
                  {"post", PostToBody(m.post)},
                  {"raw_sha256", m.raw_sha256},
                  {"captured_at_ms", m.captured_at_ms},
                  {"matched_at_ms", m.matched_at_ms},
                  {"taxon_id", m.taxon_id},
                  {"scientific_name", m.scientific_name},
                  {"appendix", m.appendix},
                  {"rule_id", m.rule_id},
                  {"severity", static_cast<int>(m.severity)},
                  {"ruleset_version", m.ruleset_version},
                  {"spans", std::move(spans)},
                  {"matched", m.matched}};
  std::string out;
  Json::to_cbor(body, out);
  return out;
}

StatusOr<Match> DecodeMatchBody(std::string_view body) {
  const Json j = Json::from_cbor(body, /*strict=*/true,
                                 /*allow_exceptions=*/false);
  if (!j.is_object()) return DataLossError("stored match is not a CBOR object");
  auto post = j.find("post");
  if (post != j.end() && !post->is_object()) {
    return DataLossError("stored match has a malformed field 'post'");
  }
  const Json no_post = Json::object();
  FieldReader match(j);
  FieldReader post_fields(post != j.end() ? *post : no_post);

  Match m;
  match.Read("match_id", &m.match_id);
  match.Read("connector", &m.connector);
  match.Read("platform", &m.platform);
  post_fields.Read("id", &m.post.id);
  post_fields.Read("platform", &m.post.platform);
  post_fields.Read("url", &m.post.url);
  post_fields.Read("author", &m.post.author);
  post_fields.Read("author_id", &m.post.author_id);
  post_fields.Read("created_at_ms", &m.post.created_at_ms);
  post_fields.Read("title", &m.post.title);
  post_fields.Read("text", &m.post.text);
  post_fields.Read("lang", &m.post.lang);
  post_fields.Read("attributes", &m.post.attributes);
  match.Read("raw_sha256", &m.raw_sha256);
  match.Read("captured_at_ms", &m.captured_at_ms);
  match.Read("matched_at_ms", &m.matched_at_ms);
  match.Read("taxon_id", &m.taxon_id);
  match.Read("scientific_name", &m.scientific_name);
  match.Read("appendix", &m.appendix);
  match.Read("rule_id", &m.rule_id);
  int severity = static_cast<int>(m.severity);
  match.Read("severity", &severity);
  match.Read("ruleset_version", &m.ruleset_version);
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  match.Read("spans", &spans);
  match.Read("matched", &m.matched);

  if (!post_fields.bad_field().empty()) {
    return DataLossError("stored match has a malformed field 'post." +
                         post_fields.bad_field() + "'");
  }
  if (!match.bad_field().empty()) {
    return DataLossError("stored match has a malformed field '" +
                         match.bad_field() + "'");
  }
  if (severity < static_cast<int>(Severity::kLow) ||
      severity > static_cast<int>(Severity::kCritical)) {
    return DataLossError("stored match has a malformed field 'severity' (" +
                         std::to_string(severity) + ")");
  }
  m.severity = static_cast<Severity>(severity);
  for (const auto& [start, end] : spans) m.spans.push_back({start, end});
  return m;
}

}  // namespace wildwatch
