#include "host/daemon/daemon.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "host/daemon/admin_backend_impl.h"
#include "host/daemon/rule_diff.h"
#include "host/daemon/rule_files.h"
#include "host/feed/feed_server.h"
#include "host/plugin/config_schema.h"
#include "host/plugin/plugin_library.h"
#include "host/worker/worker_connector.h"

namespace wildwatch {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string JoinDiagnostics(const std::vector<rules::Diagnostic>& diagnostics) {
  std::string out;
  for (const rules::Diagnostic& d : diagnostics) {
    out += (out.empty() ? "" : "\n") + d.ToString();
  }
  return out;
}

Daemon::RulesResult Describe(const std::shared_ptr<const rules::RuleSet>& set,
                             std::vector<rules::Diagnostic> diagnostics) {
  Daemon::RulesResult r;
  r.ok = set != nullptr;
  r.diagnostics = std::move(diagnostics);
  if (set != nullptr) {
    r.version = set->version();
    r.taxa = set->taxa().size();
    r.rules = set->rule_count();
    r.patterns = set->pattern_count();
  }
  return r;
}

// The configured rule files, read into memory once and compiled from there,
// so the registry holds exactly the bytes compiled. Null with diagnostics if
// they are invalid.
std::shared_ptr<const rules::RuleSet> LoadConfigured(
    const std::vector<std::string>& paths, std::vector<RuleFile>* files,
    std::vector<rules::Diagnostic>* diagnostics) {
  *files = ReadRuleFiles(paths, diagnostics);
  if (files->empty()) return nullptr;
  return CompileRuleFiles(*files, diagnostics);
}

// What Open decides from the configuration alone, before touching the disk.
struct Plan {
  std::shared_ptr<const rules::RuleSet> rules;
  std::vector<RuleFile> rule_files;
  struct Connector {
    InstanceSpec spec;
    std::shared_ptr<const PluginLibrary> library;
    std::string load_error;  // Set when the connector cannot run.
  };
  std::vector<Connector> connectors;
};

// Loads the rules and the plugins and checks every connector configuration
// against its plugin's schema, so that a bad configuration changes nothing
// on disk. A plugin that does not load only disables its connector.
StatusOr<Plan> MakePlan(const DaemonConfig& c) {
  Plan plan;
  std::vector<rules::Diagnostic> diagnostics;
  plan.rules = LoadConfigured(c.rules, &plan.rule_files, &diagnostics);
  if (plan.rules == nullptr) {
    return InvalidArgumentError("the rule set is invalid:\n" +
                                JoinDiagnostics(diagnostics));
  }
  spdlog::info("rules {}: {} taxa, {} rules, {} patterns",
               plan.rules->version(), plan.rules->taxa().size(),
               plan.rules->rule_count(), plan.rules->pattern_count());

  std::string config_errors;
  for (const ConnectorConfig& cc : c.connectors) {
    const std::string path = ResolvePluginPath(cc.plugin, c.plugin_dir);
    Plan::Connector p{
        InstanceSpec{cc.name, cc.platform, cc.config.dump(), nullptr}, nullptr,
        ""};
    if (!cc.in_process) {
      WorkerOptions worker = c.workers;
      worker.name = cc.name;
      worker.plugin_path = path;
      worker.config_json = p.spec.config_json;
      if (cc.memory_limit_bytes) {
        worker.memory_limit_bytes = *cc.memory_limit_bytes;
      }
      if (cc.next_batch_deadline) {
        worker.next_batch_deadline = *cc.next_batch_deadline;
      }
      p.spec.source = WorkerSourceFactory(std::move(worker));
    }
    auto library = PluginLibrary::Load(path);
    if (!library.ok()) {
      p.load_error = library.status().message();
      spdlog::error("connector '{}' disabled: {}", cc.name, p.load_error);
      plan.connectors.push_back(std::move(p));
      continue;
    }
    nlohmann::json schema = nlohmann::json::parse(
        (*library)->descriptor().config_schema, nullptr, false);
    Status schema_ok = schema.is_discarded()
                           ? InvalidArgumentError("schema is not JSON")
                           : CheckSchema(schema);
    if (!schema_ok.ok()) {
      p.load_error = path + ": the plugin's configuration schema is invalid: " +
                     schema_ok.message();
      spdlog::error("connector '{}' disabled: {}", cc.name, p.load_error);
      plan.connectors.push_back(std::move(p));
      continue;
    }
    for (const std::string& problem :
         ValidateAgainstSchema(cc.config, schema)) {
      config_errors += c.path + ":" + std::to_string(cc.line) + ":" +
                       std::to_string(cc.column) + ": connector '" + cc.name +
                       "' (" + std::string((*library)->name()) +
                       "): " + problem + "\n";
    }
    p.library = *library;
    plan.connectors.push_back(std::move(p));
  }
  if (!config_errors.empty()) {
    config_errors.pop_back();
    return InvalidArgumentError(config_errors);
  }
  return plan;
}

}  // namespace

Daemon::Daemon(DaemonConfig config) : config_(std::move(config)) {}

Daemon::~Daemon() { Stop(); }

Status Daemon::Check(const DaemonConfig& config) {
  StatusOr<Plan> plan = MakePlan(config);
  if (!plan.ok()) return plan.status();
  std::string failures;
  for (const Plan::Connector& p : plan->connectors) {
    if (p.load_error.empty()) continue;
    failures += (failures.empty() ? "" : "\n") + std::string("connector '") +
                p.spec.name + "': " + p.load_error;
  }
  if (!failures.empty()) return FailedPreconditionError(failures);
  return OkStatus();
}

StatusOr<std::unique_ptr<Daemon>> Daemon::Open(DaemonConfig config) {
  std::unique_ptr<Daemon> d(new Daemon(std::move(config)));
  const DaemonConfig& c = d->config_;
  StatusOr<Plan> plan = MakePlan(c);
  if (!plan.ok()) return plan.status();
  d->rules_ = std::make_unique<ActiveRules>(plan->rules);

  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  if (ec) {
    return FailedPreconditionError("cannot create data_dir " + c.data_dir +
                                   ": " + ec.message());
  }
  StatusOr<DataDirLock> lock = DataDirLock::Acquire(c.data_dir);
  if (!lock.ok()) return lock.status();
  d->data_dir_lock_.emplace(std::move(*lock));
  SqliteMatchStore::Options store_options;
  store_options.path = c.data_dir + "/matches.db";
  store_options.synchronous_full = c.synchronous == "full";
  store_options.retention_max_matches = c.retention_max_matches;
  store_options.retention_max_age =
      std::chrono::hours(24 * c.retention_max_age_days);
  auto store = SqliteMatchStore::Open(store_options);
  if (!store.ok()) return store.status();
  d->store_ = std::move(*store);
  auto registry = RuleRegistry::Open(c.data_dir + "/rules.db");
  if (!registry.ok()) return registry.status();
  d->registry_ = std::move(*registry);
  Status chosen = d->ChooseStartupRules(std::move(plan->rules),
                                        std::move(plan->rule_files));
  if (!chosen.ok()) return chosen;

  for (Plan::Connector& p : plan->connectors) {
    d->runners_.push_back(std::make_unique<ConnectorRunner>(
        std::move(p.spec), std::move(p.library), std::move(p.load_error),
        d->store_.get(), d->rules_.get(), c.pipeline));
  }
  return d;
}

Status Daemon::ChooseStartupRules(
    std::shared_ptr<const rules::RuleSet> configured,
    std::vector<RuleFile> configured_files) {
  startup_.files = std::move(configured_files);
  auto latest = registry_->Latest();
  if (!latest.ok()) return latest.status();
  if (!latest->has_value()) {
    spdlog::info("rules: first start, using the configured rule files ({})",
                 configured->version());
    return OkStatus();
  }
  const RuleAuditEntry& last = **latest;
  startup_.version_before = last.version_after;
  if (!last.pinned) {
    spdlog::info("rules: using the configured rule files ({})",
                 configured->version());
    return OkStatus();
  }
  startup_.pinned = true;
  if (last.version_after == configured->version()) {
    spdlog::info(
        "rules: {} was activated through the admin API ({} by '{}') and is "
        "also what the configured files hold",
        last.version_after, last.action, last.actor);
    return OkStatus();
  }
  auto stored = registry_->LoadVersion(last.version_after);
  if (!stored.ok()) return stored.status();
  std::vector<rules::Diagnostic> diagnostics;
  std::shared_ptr<const rules::RuleSet> resumed;
  if (stored->has_value()) {
    resumed = CompileRuleFiles((*stored)->files, &diagnostics);
  }
  if (resumed == nullptr) {
    // Only a registry edited by hand or a stricter engine gets here; running
    // the configured files beats not running at all.
    spdlog::error(
        "rules: cannot resume {} (activated through the admin API): {}; "
        "using the configured rule files ({})",
        last.version_after,
        stored->has_value() ? JoinDiagnostics(diagnostics) : "not stored",
        configured->version());
    startup_.pinned = false;
    return OkStatus();
  }
  spdlog::info(
      "rules: resuming {} ({} by '{}' through the admin API) instead of the "
      "configured rule files ({}); `wildwatch rules reload` switches back",
      resumed->version(), last.action, last.actor, configured->version());
  startup_.files = std::move((*stored)->files);
  rules_->Set(std::move(resumed));
  return OkStatus();
}

StatusOr<int> Daemon::Start() {
  started_at_ms_ = NowMs();
  {
    std::lock_guard lock(rules_mu_);
    // The set in force before this start, for "what changed"; compiled only
    // when it differs, which is rare (the files changed while stopped).
    std::shared_ptr<const rules::RuleSet> before;
    const auto active = rules_->Get();
    if (startup_.version_before == active->version()) {
      before = active;
    } else if (!startup_.version_before.empty()) {
      auto stored = registry_->LoadVersion(startup_.version_before);
      if (stored.ok() && stored->has_value()) {
        std::vector<rules::Diagnostic> ignored;
        before = CompileRuleFiles((*stored)->files, &ignored);
      }
    }
    RulesResult recorded;
    Status s = RecordRules(before.get(), startup_.version_before, active,
                           startup_.files, kDaemonActor, "startup",
                           startup_.pinned, &recorded);
    if (!s.ok()) return s;
  }
  FeedServer::Options options;
  options.listen = config_.listen;
  options.heartbeat = config_.heartbeat;
  for (const TokenConfig& t : config_.tokens) {
    options.subscribers.push_back({t.name, t.token, t.role});
  }
  admin_ = std::make_unique<DaemonAdmin>(this);
  feed_ = std::make_unique<FeedServer>(store_.get(), admin_.get(), options);
  StatusOr<int> port = feed_->Start();
  if (!port.ok()) return port.status();
  if (!config_.port_file.empty()) {
    // Written whole under another name, then renamed, so a reader never
    // sees a partial number.
    const std::string tmp = config_.port_file + ".tmp";
    std::ofstream(tmp) << *port << "\n";
    std::filesystem::rename(tmp, config_.port_file);
  }
  for (auto& runner : runners_) runner->Start();
  return port;
}

void Daemon::Stop() {
  if (stopped_) return;
  stopped_ = true;
  // Every connector is asked first, so hung workers use their grace
  // periods side by side, not one after another.
  for (auto& runner : runners_) runner->RequestStop();
  for (auto& runner : runners_) runner->Stop();
  if (feed_ != nullptr) feed_->Shutdown();
  if (store_ != nullptr) store_->Shutdown();
}

std::vector<ConnectorSnapshot> Daemon::Connectors() const {
  std::vector<ConnectorSnapshot> out;
  for (const auto& runner : runners_) out.push_back(runner->Snapshot());
  return out;
}

Status Daemon::RecordRules(const rules::RuleSet* before,
                           const std::string& before_version,
                           const std::shared_ptr<const rules::RuleSet>& set,
                           const std::vector<RuleFile>& files,
                           const std::string& actor, const std::string& action,
                           bool pinned, RulesResult* result) {
  RuleChange change = DiffRuleSets(before, *set);
  RuleRegistry::Activation a;
  a.version = set->version();
  a.sha256 = RuleFilesSha256(files);
  a.files = files;
  a.taxa = static_cast<uint32_t>(set->taxa().size());
  a.rules = static_cast<uint32_t>(set->rule_count());
  a.actor = actor;
  a.action = action;
  a.version_before = before_version;
  a.pinned = pinned;
  a.change = change;
  Status s = registry_->Record(a);
  if (!s.ok()) {
    spdlog::error("rules: cannot record {} of {} by '{}': {}", action,
                  set->version(), actor, s.message());
    return s;
  }
  spdlog::info(
      "rules: {} by '{}': {} -> {} (+{} -{} ~{} taxa, {} -> {} rules)", action,
      actor, before_version.empty() ? "(none)" : before_version, set->version(),
      change.taxa_added.size(), change.taxa_removed.size(),
      change.taxa_changed.size(), change.rules_before, change.rules_after);
  *result = Describe(set, {});
  result->previous_version = before_version;
  result->change = std::move(change);
  return OkStatus();
}

StatusOr<Daemon::RulesResult> Daemon::ApplyRulesLocked(
    std::shared_ptr<const rules::RuleSet> set,
    const std::vector<RuleFile>& files, const std::string& actor,
    const std::string& action, bool pinned) {
  const auto before = rules_->Get();
  RulesResult result;
  Status s = RecordRules(before.get(), before->version(), set, files, actor,
                         action, pinned, &result);
  if (!s.ok()) return s;
  rules_->Set(std::move(set));
  return result;
}

StatusOr<Daemon::RulesResult> Daemon::ReloadRules(const std::string& actor) {
  std::lock_guard lock(rules_mu_);
  std::vector<rules::Diagnostic> diagnostics;
  std::vector<RuleFile> files;
  auto set = LoadConfigured(config_.rules, &files, &diagnostics);
  if (set == nullptr) {
    spdlog::warn("rule reload by '{}' rejected, {} problem(s); keeping {}",
                 actor, diagnostics.size(), rules_->Get()->version());
    RulesResult r = Describe(nullptr, std::move(diagnostics));
    r.version = rules_->Get()->version();
    return r;
  }
  return ApplyRulesLocked(std::move(set), files, actor, "reload",
                          /*pinned=*/false);
}

StatusOr<Daemon::RulesResult> Daemon::ActivateRules(
    const std::string& actor, const std::vector<RuleFile>& files,
    bool dry_run) {
  if (Status s = CheckUploadedFiles(files); !s.ok()) return s;
  // Compiled before taking the lock: a large upload does not hold up a
  // concurrent change, and the lock only covers record and swap.
  std::vector<rules::Diagnostic> diagnostics;
  auto set = CompileRuleFiles(files, &diagnostics);
  std::lock_guard lock(rules_mu_);
  if (set == nullptr) {
    spdlog::warn("rule activation by '{}' rejected, {} problem(s); keeping {}",
                 actor, diagnostics.size(), rules_->Get()->version());
    RulesResult r = Describe(nullptr, std::move(diagnostics));
    r.version = rules_->Get()->version();
    return r;
  }
  if (dry_run) {
    const auto active = rules_->Get();
    RulesResult r = Describe(set, {});
    r.previous_version = active->version();
    r.change = DiffRuleSets(active.get(), *set);
    return r;
  }
  return ApplyRulesLocked(std::move(set), files, actor, "activate",
                          /*pinned=*/true);
}

StatusOr<Daemon::RulesResult> Daemon::RollbackRules(
    const std::string& actor, const std::string& version) {
  std::lock_guard lock(rules_mu_);
  std::string target = version;
  if (target.empty()) {
    auto previous = registry_->PreviousVersion();
    if (!previous.ok()) return previous.status();
    if (!previous->has_value()) {
      return FailedPreconditionError("no rule set was active before " +
                                     rules_->Get()->version() +
                                     "; name the version to roll back to");
    }
    target = **previous;
  }
  auto stored = registry_->LoadVersion(target);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return NotFoundError("rule set version " + target + " is not stored");
  }
  std::vector<rules::Diagnostic> diagnostics;
  auto set = CompileRuleFiles((*stored)->files, &diagnostics);
  if (set == nullptr) {
    return FailedPreconditionError("stored rule set " + target +
                                   " no longer loads:\n" +
                                   JoinDiagnostics(diagnostics));
  }
  return ApplyRulesLocked(std::move(set), (*stored)->files, actor, "rollback",
                          /*pinned=*/true);
}

StatusOr<std::vector<RuleVersion>> Daemon::RuleVersions() {
  return registry_->ListVersions();
}

StatusOr<std::vector<RuleAuditEntry>> Daemon::RuleHistory(size_t limit) {
  return registry_->History(limit);
}

Daemon::RulesResult Daemon::CheckRules(const std::string& name,
                                       const std::string& content) {
  std::vector<rules::Diagnostic> diagnostics;
  auto set = rules::RuleSet::LoadFromString(content, name, &diagnostics);
  return Describe(set, std::move(diagnostics));
}

}  // namespace wildwatch
