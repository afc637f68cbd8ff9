#include "host/daemon/admin_backend_impl.h"

#include "host/daemon/daemon.h"

namespace wildwatch {

namespace {

template <typename Response>
void AddDiagnostics(const std::vector<rules::Diagnostic>& diagnostics,
                    Response* response) {
  for (const rules::Diagnostic& d : diagnostics) {
    v1::RuleDiagnostic* out = response->add_diagnostics();
    out->set_file(d.file);
    out->set_line(static_cast<uint32_t>(d.line));
    out->set_column(static_cast<uint32_t>(d.column));
    out->set_message(d.message);
  }
}

}  // namespace

grpc::Status DaemonAdmin::ListConnectors(v1::ListConnectorsResponse* response) {
  for (const ConnectorSnapshot& s : daemon_->Connectors()) {
    v1::ConnectorStatus* c = response->add_connectors();
    c->set_name(s.name);
    c->set_plugin(s.plugin);
    c->set_plugin_version(s.plugin_version);
    c->set_platform(s.platform);
    c->set_state(s.state);
    c->set_posts_read(s.posts_read);
    c->set_matches(s.matches);
    c->set_errors(s.errors);
    c->set_last_checkpoint(s.last_checkpoint);
    c->set_last_error(s.last_error);
    c->set_last_batch_at_ms(s.last_batch_at_ms);
    for (const auto& [name, value] : s.counters) {
      v1::Counter* counter = c->add_counters();
      counter->set_name(name);
      counter->set_value(value);
    }
  }
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::GetStats(v1::GetStatsResponse* response) {
  uint64_t posts = 0, matches = 0;
  for (const ConnectorSnapshot& s : daemon_->Connectors()) {
    posts += s.posts_read;
    matches += s.matches;
  }
  const auto rules = daemon_->active_rules();
  response->set_posts_read(posts);
  response->set_matches_stored(matches);
  response->set_ruleset_version(rules->version());
  response->set_taxa(static_cast<uint32_t>(rules->taxa().size()));
  response->set_rules(static_cast<uint32_t>(rules->rule_count()));
  response->set_patterns(static_cast<uint32_t>(rules->pattern_count()));
  response->set_started_at_ms(daemon_->started_at_ms());
  response->set_version(WILDWATCH_VERSION);
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::ReloadRules(v1::ReloadRulesResponse* response) {
  Daemon::RulesResult r = daemon_->ReloadRules();
  response->set_applied(r.ok);
  response->set_ruleset_version(r.version);
  AddDiagnostics(r.diagnostics, response);
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::CheckRules(const v1::CheckRulesRequest& request,
                                     v1::CheckRulesResponse* response) {
  Daemon::RulesResult r = daemon_->CheckRules(
      request.name().empty() ? "rules.yaml" : request.name(), request.content());
  response->set_valid(r.ok);
  response->set_taxa(static_cast<uint32_t>(r.taxa));
  response->set_rules(static_cast<uint32_t>(r.rules));
  response->set_patterns(static_cast<uint32_t>(r.patterns));
  AddDiagnostics(r.diagnostics, response);
  return grpc::Status::OK;
}

}  // namespace wildwatch
