#include "host/feed/proto_convert.h"

namespace wildwatch {

namespace {

int64_t TimeToProto(int64_t ms) { return ms == kTimeUnknown ? 0 : ms; }
int64_t TimeFromProto(int64_t ms) { return ms == 0 ? kTimeUnknown : ms; }

}  // namespace

void MatchToProto(const Match& m, v1::Match* out) {
  out->Clear();
  out->set_sequence(m.sequence);
  out->set_match_id(m.match_id);
  out->set_connector(m.connector);
  out->set_platform(m.platform);
  v1::Post* post = out->mutable_post();
  post->set_id(m.post.id);
  post->set_url(m.post.url);
  post->set_author(m.post.author);
  post->set_author_id(m.post.author_id);
  post->set_created_at_ms(TimeToProto(m.post.created_at_ms));
  post->set_title(m.post.title);
  post->set_text(m.post.text);
  post->set_lang(m.post.lang);
  for (const auto& [key, value] : m.post.attributes) {
    v1::Attribute* a = post->add_attributes();
    a->set_key(key);
    a->set_value(value);
  }
  out->set_raw_sha256(m.raw_sha256);
  out->set_captured_at_ms(TimeToProto(m.captured_at_ms));
  out->set_matched_at_ms(TimeToProto(m.matched_at_ms));
  out->set_taxon_id(m.taxon_id);
  out->set_scientific_name(m.scientific_name);
  out->set_appendix(m.appendix);
  out->set_rule_id(m.rule_id);
  out->set_severity(SeverityToProto(m.severity));
  out->set_ruleset_version(m.ruleset_version);
  for (const Span& s : m.spans) {
    v1::Span* span = out->add_spans();
    span->set_start(s.start);
    span->set_end(s.end);
  }
  for (const std::string& text : m.matched) out->add_matched(text);
}

Match MatchFromProto(const v1::Match& in) {
  Match m;
  m.sequence = in.sequence();
  m.match_id = in.match_id();
  m.connector = in.connector();
  m.platform = in.platform();
  const v1::Post& post = in.post();
  m.post.id = post.id();
  m.post.url = post.url();
  m.post.author = post.author();
  m.post.author_id = post.author_id();
  m.post.created_at_ms = TimeFromProto(post.created_at_ms());
  m.post.title = post.title();
  m.post.text = post.text();
  m.post.lang = post.lang();
  for (const v1::Attribute& a : post.attributes()) {
    m.post.attributes.emplace_back(a.key(), a.value());
  }
  m.raw_sha256 = in.raw_sha256();
  m.captured_at_ms = TimeFromProto(in.captured_at_ms());
  m.matched_at_ms = TimeFromProto(in.matched_at_ms());
  m.taxon_id = in.taxon_id();
  m.scientific_name = in.scientific_name();
  m.appendix = in.appendix();
  m.rule_id = in.rule_id();
  SeverityFromProto(in.severity(), &m.severity);
  m.ruleset_version = in.ruleset_version();
  for (const v1::Span& s : in.spans()) {
    m.spans.push_back(Span{s.start(), s.end()});
  }
  m.matched.assign(in.matched().begin(), in.matched().end());
  return m;
}

v1::Severity SeverityToProto(Severity s) {
  switch (s) {
    case Severity::kLow:
      return v1::SEVERITY_LOW;
    case Severity::kMedium:
      return v1::SEVERITY_MEDIUM;
    case Severity::kHigh:
      return v1::SEVERITY_HIGH;
    case Severity::kCritical:
      return v1::SEVERITY_CRITICAL;
  }
  return v1::SEVERITY_UNSPECIFIED;
}

bool SeverityFromProto(v1::Severity s, Severity* out) {
  switch (s) {
    case v1::SEVERITY_LOW:
      *out = Severity::kLow;
      return true;
    case v1::SEVERITY_MEDIUM:
      *out = Severity::kMedium;
      return true;
    case v1::SEVERITY_HIGH:
      *out = Severity::kHigh;
      return true;
    case v1::SEVERITY_CRITICAL:
      *out = Severity::kCritical;
      return true;
    default:
      return false;
  }
}

grpc::Status ToGrpcStatus(const Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      status.message());
}

}  // namespace wildwatch
