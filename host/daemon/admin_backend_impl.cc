#include "host/daemon/admin_backend_impl.h"

#include "host/daemon/daemon.h"
#include "host/feed/proto_convert.h"

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

void SetChange(const RuleChange& change, v1::RuleChange* out) {
  for (const std::string& id : change.taxa_added) out->add_taxa_added(id);
  for (const std::string& id : change.taxa_removed) out->add_taxa_removed(id);
  for (const std::string& id : change.taxa_changed) out->add_taxa_changed(id);
  out->set_rules_before(change.rules_before);
  out->set_rules_after(change.rules_after);
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

grpc::Status DaemonAdmin::ReloadRules(const Principal& caller,
                                      v1::ReloadRulesResponse* response) {
  StatusOr<Daemon::RulesResult> result = daemon_->ReloadRules(caller.name);
  if (!result.ok()) return ToGrpcStatus(result.status());
  const Daemon::RulesResult& r = *result;
  response->set_applied(r.ok);
  response->set_ruleset_version(r.version);
  AddDiagnostics(r.diagnostics, response);
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::CheckRules(const v1::CheckRulesRequest& request,
                                     v1::CheckRulesResponse* response) {
  Daemon::RulesResult r = daemon_->CheckRules(
      request.name().empty() ? "rules.yaml" : request.name(),
      request.content());
  response->set_valid(r.ok);
  response->set_taxa(static_cast<uint32_t>(r.taxa));
  response->set_rules(static_cast<uint32_t>(r.rules));
  response->set_patterns(static_cast<uint32_t>(r.patterns));
  AddDiagnostics(r.diagnostics, response);
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::ActivateRules(const Principal& caller,
                                        const v1::ActivateRulesRequest& request,
                                        v1::ActivateRulesResponse* response) {
  std::vector<RuleFile> files;
  for (const v1::RuleFile& f : request.files()) {
    files.push_back({f.name(), f.content()});
  }
  StatusOr<Daemon::RulesResult> result =
      daemon_->ActivateRules(caller.name, files, request.dry_run());
  if (!result.ok()) return ToGrpcStatus(result.status());
  const Daemon::RulesResult& r = *result;
  if (request.dry_run()) {
    response->set_applied(false);
    AddDiagnostics(r.diagnostics, response);
    const std::string active =
        r.ok ? r.previous_version : r.version;  // Unchanged either way.
    response->set_ruleset_version(active);
    response->set_previous_version(active);
    if (r.ok) {
      response->set_candidate_version(r.version);
      SetChange(r.change, response->mutable_change());
    }
    return grpc::Status::OK;
  }
  response->set_applied(r.ok);
  response->set_ruleset_version(r.version);
  AddDiagnostics(r.diagnostics, response);
  if (r.ok) {
    response->set_previous_version(r.previous_version);
    SetChange(r.change, response->mutable_change());
  } else {
    response->set_previous_version(r.version);
  }
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::ListRuleVersions(
    v1::ListRuleVersionsResponse* response) {
  StatusOr<std::vector<RuleVersion>> versions = daemon_->RuleVersions();
  if (!versions.ok()) return ToGrpcStatus(versions.status());
  for (const RuleVersion& v : *versions) {
    v1::RuleVersion* out = response->add_versions();
    out->set_version(v.version);
    out->set_sha256(v.sha256);
    out->set_created_at_ms(v.created_at_ms);
    out->set_created_by(v.created_by);
    out->set_taxa(v.taxa);
    out->set_rules(v.rules);
    out->set_active(v.active);
  }
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::RollbackRules(const Principal& caller,
                                        const v1::RollbackRulesRequest& request,
                                        v1::RollbackRulesResponse* response) {
  StatusOr<Daemon::RulesResult> result =
      daemon_->RollbackRules(caller.name, request.version());
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_ruleset_version(result->version);
  response->set_previous_version(result->previous_version);
  SetChange(result->change, response->mutable_change());
  return grpc::Status::OK;
}

grpc::Status DaemonAdmin::RuleHistory(const v1::RuleHistoryRequest& request,
                                      v1::RuleHistoryResponse* response) {
  StatusOr<std::vector<RuleAuditEntry>> entries = daemon_->RuleHistory(
      request.limit() == 0 ? kDefaultHistoryLimit : request.limit());
  if (!entries.ok()) return ToGrpcStatus(entries.status());
  for (const RuleAuditEntry& e : *entries) {
    v1::RuleAuditEntry* out = response->add_entries();
    out->set_at_ms(e.at_ms);
    out->set_actor(e.actor);
    out->set_action(e.action);
    out->set_version_before(e.version_before);
    out->set_version_after(e.version_after);
    out->set_sha256(e.sha256);
    out->set_pinned(e.pinned);
    SetChange(e.change, out->mutable_change());
  }
  return grpc::Status::OK;
}

}  // namespace wildwatch
