#include "host/daemon/daemon.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "host/daemon/admin_backend_impl.h"
#include "host/feed/feed_server.h"
#include "host/plugin/config_schema.h"
#include "host/plugin/plugin_library.h"

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

}  // namespace

Daemon::Daemon(DaemonConfig config) : config_(std::move(config)) {}

Daemon::~Daemon() { Stop(); }

StatusOr<std::unique_ptr<Daemon>> Daemon::Open(DaemonConfig config) {
  std::unique_ptr<Daemon> d(new Daemon(std::move(config)));
  const DaemonConfig& c = d->config_;

  std::vector<rules::Diagnostic> diagnostics;
  std::shared_ptr<const rules::RuleSet> rules =
      rules::RuleSet::Load(c.rules, &diagnostics);
  if (rules == nullptr) {
    return InvalidArgumentError("the rule set is invalid:\n" +
                                JoinDiagnostics(diagnostics));
  }
  spdlog::info("rules {}: {} taxa, {} rules, {} patterns", rules->version(),
               rules->taxa().size(), rules->rule_count(),
               rules->pattern_count());
  d->rules_ = std::make_unique<ActiveRules>(std::move(rules));

  // Plugins are loaded and every connector configuration is checked before
  // the store is touched, so a bad configuration changes nothing on disk.
  std::string config_errors;
  struct Planned {
    InstanceSpec spec;
    std::shared_ptr<const PluginLibrary> library;
    std::string load_error;
  };
  std::vector<Planned> planned;
  for (const ConnectorConfig& cc : c.connectors) {
    Planned p{InstanceSpec{cc.name, cc.platform, cc.config.dump()}, nullptr,
              ""};
    const std::string path = ResolvePluginPath(cc.plugin, c.plugin_dir);
    auto library = PluginLibrary::Load(path);
    if (!library.ok()) {
      p.load_error = library.status().message();
      spdlog::error("connector '{}' disabled: {}", cc.name, p.load_error);
      planned.push_back(std::move(p));
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
      planned.push_back(std::move(p));
      continue;
    }
    for (const std::string& problem : ValidateAgainstSchema(cc.config, schema)) {
      config_errors += c.path + ":" + std::to_string(cc.line) + ":" +
                       std::to_string(cc.column) + ": connector '" + cc.name +
                       "' (" + std::string((*library)->name()) +
                       "): " + problem + "\n";
    }
    p.library = *library;
    planned.push_back(std::move(p));
  }
  if (!config_errors.empty()) {
    config_errors.pop_back();
    return InvalidArgumentError(config_errors);
  }

  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  if (ec) {
    return FailedPreconditionError("cannot create data_dir " + c.data_dir +
                                   ": " + ec.message());
  }
  SqliteMatchStore::Options store_options;
  store_options.path = c.data_dir + "/matches.db";
  store_options.synchronous_full = c.synchronous == "full";
  store_options.retention_max_matches = c.retention_max_matches;
  store_options.retention_max_age =
      std::chrono::hours(24 * c.retention_max_age_days);
  auto store = SqliteMatchStore::Open(store_options);
  if (!store.ok()) return store.status();
  d->store_ = std::move(*store);

  for (Planned& p : planned) {
    d->runners_.push_back(std::make_unique<ConnectorRunner>(
        std::move(p.spec), std::move(p.library), std::move(p.load_error),
        d->store_.get(), d->rules_.get(), c.pipeline));
  }
  return d;
}

StatusOr<int> Daemon::Start() {
  started_at_ms_ = NowMs();
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
  for (auto& runner : runners_) runner->Stop();
  if (feed_ != nullptr) feed_->Shutdown();
  if (store_ != nullptr) store_->Shutdown();
}

std::vector<ConnectorSnapshot> Daemon::Connectors() const {
  std::vector<ConnectorSnapshot> out;
  for (const auto& runner : runners_) out.push_back(runner->Snapshot());
  return out;
}

Daemon::RulesResult Daemon::ReloadRules() {
  std::lock_guard lock(reload_mu_);
  std::vector<rules::Diagnostic> diagnostics;
  auto set = rules::RuleSet::Load(config_.rules, &diagnostics);
  if (set == nullptr) {
    spdlog::warn("rule reload rejected, {} problem(s); keeping {}",
                 diagnostics.size(), rules_->Get()->version());
    RulesResult r = Describe(nullptr, std::move(diagnostics));
    r.version = rules_->Get()->version();
    return r;
  }
  spdlog::info("rules reloaded: {} -> {}", rules_->Get()->version(),
               set->version());
  rules_->Set(set);
  return Describe(set, {});
}

Daemon::RulesResult Daemon::CheckRules(const std::string& name,
                                       const std::string& content) {
  std::vector<rules::Diagnostic> diagnostics;
  auto set = rules::RuleSet::LoadFromString(content, name, &diagnostics);
  return Describe(set, std::move(diagnostics));
}

}  // namespace wildwatch
