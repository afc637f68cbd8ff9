#include "host/config/daemon_config.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

namespace wildwatch {

namespace {

namespace fs = std::filesystem;

// Collects problems with their positions while walking the document.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void Add(const YAML::Mark& mark, const std::string& message) {
    std::ostringstream line;
    line << file_ << ":" << mark.line + 1 << ":" << mark.column + 1 << ": "
         << message;
    lines_.push_back(line.str());
  }
  void Add(const YAML::Node& node, const std::string& message) {
    Add(node.Mark(), message);
  }
  bool empty() const { return lines_.empty(); }
  std::string Joined() const {
    std::string out;
    for (const std::string& l : lines_) out += (out.empty() ? "" : "\n") + l;
    return out;
  }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

// Reports keys of map outside allowed. REQUIRES: map.IsMap().
void CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed,
               const std::string& where, Problems* problems) {
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (allowed.count(key) == 0) {
      std::string list;
      for (const std::string& a : allowed)
        list += (list.empty() ? "" : ", ") + a;
      problems->Add(kv.first, "unknown key '" + key + "' in " + where +
                                  " (allowed: " + list + ")");
    }
  }
}

bool GetString(const YAML::Node& map, const char* key, std::string* out,
               Problems* problems, bool required = false) {
  const YAML::Node node = map[key];
  if (!node) {
    if (required)
      problems->Add(map, std::string("missing required key '") + key + "'");
    return false;
  }
  if (!node.IsScalar()) {
    problems->Add(node, std::string("'") + key + "' must be a string");
    return false;
  }
  *out = node.Scalar();
  return true;
}

template <typename Int>
void GetUnsigned(const YAML::Node& map, const char* key, Int min, Int* out,
                 Problems* problems) {
  const YAML::Node node = map[key];
  if (!node) return;
  try {
    const auto value = node.as<int64_t>();
    if (value < static_cast<int64_t>(min)) {
      problems->Add(node, std::string("'") + key + "' must be at least " +
                              std::to_string(min));
      return;
    }
    *out = static_cast<Int>(value);
  } catch (const YAML::Exception&) {
    problems->Add(node, std::string("'") + key + "' must be an integer");
  }
}

void GetBool(const YAML::Node& map, const char* key, bool* out,
             Problems* problems) {
  const YAML::Node node = map[key];
  if (!node) return;
  try {
    *out = node.as<bool>();
  } catch (const YAML::Exception&) {
    problems->Add(node, std::string("'") + key + "' must be true or false");
  }
}

void GetMillis(const YAML::Node& map, const char* key, int64_t min,
               std::chrono::milliseconds* out, Problems* problems) {
  int64_t ms = out->count();
  GetUnsigned<int64_t>(map, key, min, &ms, problems);
  *out = std::chrono::milliseconds(ms);
}

std::string Absolute(const fs::path& base, const std::string& p) {
  fs::path path(p);
  return (path.is_absolute() ? path : base / path).lexically_normal().string();
}

bool ValidRole(const std::string& role) {
  return role == "admin" || role == "agency" ||
         (role.rfind("platform:", 0) == 0 && role.size() > 9);
}

// A name used as a checkpoint key and in logs: keep it simple and stable.
bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
          c == '.')) {
      return false;
    }
  }
  return true;
}

void ReadConnectors(const YAML::Node& list, const fs::path& base,
                    DaemonConfig* config, Problems* problems) {
  if (!list.IsSequence()) {
    problems->Add(list, "'connectors' must be a list");
    return;
  }
  std::set<std::string> names;
  for (const YAML::Node& item : list) {
    if (!item.IsMap()) {
      problems->Add(item, "a connector must be a mapping");
      continue;
    }
    CheckKeys(item,
              {"name", "plugin", "platform", "config", "in_process",
               "memory_limit_mb", "next_batch_deadline_ms"},
              "a connector", problems);
    ConnectorConfig c;
    if (GetString(item, "name", &c.name, problems, true)) {
      if (!ValidName(c.name)) {
        problems->Add(item["name"],
                      "connector name '" + c.name +
                          "' must be 1-64 letters, digits, '-', '_' or '.'");
      } else if (!names.insert(c.name).second) {
        problems->Add(item["name"],
                      "duplicate connector name '" + c.name + "'");
      }
    }
    GetString(item, "plugin", &c.plugin, problems, true);
    GetBool(item, "in_process", &c.in_process, problems);
    if (item["memory_limit_mb"]) {
      uint64_t mb = 0;
      GetUnsigned<uint64_t>(item, "memory_limit_mb", 0, &mb, problems);
      c.memory_limit_bytes = mb << 20;
    }
    if (item["next_batch_deadline_ms"]) {
      std::chrono::milliseconds deadline{0};
      GetMillis(item, "next_batch_deadline_ms", 1, &deadline, problems);
      c.next_batch_deadline = deadline;
    }
    if (!GetString(item, "platform", &c.platform, problems))
      c.platform = c.name;
    if (const YAML::Node cfg = item["config"]) {
      if (!cfg.IsMap()) {
        problems->Add(cfg, "'config' must be a mapping");
      } else {
        c.config = YamlToJson(cfg);
        // File-based connectors take their input as `path`; like every
        // other path in this file it is relative to the file's folder, so a
        // configuration works whatever the daemon's working directory.
        auto path = c.config.find("path");
        if (path != c.config.end() && path->is_string()) {
          *path = Absolute(base, path->get<std::string>());
        }
        c.line = cfg.Mark().line + 1;
        c.column = cfg.Mark().column + 1;
      }
    } else {
      c.line = item.Mark().line + 1;
      c.column = item.Mark().column + 1;
    }
    config->connectors.push_back(std::move(c));
  }
}

void ReadTokens(const YAML::Node& list, DaemonConfig* config,
                Problems* problems) {
  if (!list.IsSequence()) {
    problems->Add(list, "'tokens' must be a list");
    return;
  }
  std::set<std::string> names, secrets;
  for (const YAML::Node& item : list) {
    if (!item.IsMap()) {
      problems->Add(item, "a token must be a mapping");
      continue;
    }
    CheckKeys(item, {"name", "role", "token", "token_env"}, "a token",
              problems);
    TokenConfig t;
    if (GetString(item, "name", &t.name, problems, true) &&
        !names.insert(t.name).second) {
      problems->Add(item["name"], "duplicate token name '" + t.name + "'");
    }
    if (GetString(item, "role", &t.role, problems, true) &&
        !ValidRole(t.role)) {
      problems->Add(item["role"], "role '" + t.role +
                                      "' must be admin, agency or "
                                      "platform:<platform name>");
    }
    std::string env;
    const bool inline_token = GetString(item, "token", &t.token, problems);
    const bool env_token = GetString(item, "token_env", &env, problems);
    if (inline_token == env_token) {
      problems->Add(item,
                    "a token needs exactly one of 'token' or 'token_env'");
    } else if (env_token) {
      const char* value = std::getenv(env.c_str());
      if (value == nullptr || *value == '\0') {
        problems->Add(item["token_env"],
                      "environment variable " + env + " is not set");
      } else {
        t.token = value;
      }
    }
    if (!t.token.empty()) {
      // Short tokens can be guessed; duplicates would make roles ambiguous.
      const YAML::Node where = inline_token ? item["token"] : item["token_env"];
      if (t.token.size() < 16) {
        problems->Add(
            where, "token of '" + t.name + "' is shorter than 16 characters");
      } else if (!secrets.insert(t.token).second) {
        problems->Add(
            where, "token of '" + t.name + "' is the same as another token's");
      }
    }
    config->tokens.push_back(std::move(t));
  }
}

}  // namespace

nlohmann::json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& kv : node)
        obj[kv.first.Scalar()] = YamlToJson(kv.second);
      return obj;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const YAML::Node& item : node) arr.push_back(YamlToJson(item));
      return arr;
    }
    case YAML::NodeType::Scalar: {
      // A quoted scalar has tag "!"; only plain ones may be typed.
      if (node.Tag() != "!") {
        bool b;
        if (YAML::convert<bool>::decode(node, b)) return b;
        int64_t i;
        if (YAML::convert<int64_t>::decode(node, i)) return i;
        double d;
        if (YAML::convert<double>::decode(node, d)) return d;
        if (node.Scalar() == "~" || node.Scalar() == "null") return nullptr;
      }
      return node.Scalar();
    }
    default:
      return nullptr;
  }
}

StatusOr<DaemonConfig> LoadDaemonConfig(const std::string& path,
                                        const std::string& default_plugin_dir) {
  Problems problems(path);
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return InvalidArgumentError(path + ": cannot read the file");
  } catch (const YAML::ParserException& e) {
    problems.Add(e.mark, e.msg);
    return InvalidArgumentError(problems.Joined());
  }
  if (!root.IsMap()) {
    return InvalidArgumentError(path +
                                ":1:1: the configuration must be a mapping");
  }
  const fs::path base = fs::absolute(path).parent_path();
  DaemonConfig config;
  config.path = path;
  CheckKeys(root,
            {"listen", "data_dir", "plugin_dir", "rules", "port_file", "store",
             "pipeline", "workers", "feed", "log", "connectors", "tokens"},
            "the configuration", &problems);
  GetString(root, "listen", &config.listen, &problems);
  if (GetString(root, "data_dir", &config.data_dir, &problems, true)) {
    config.data_dir = Absolute(base, config.data_dir);
  }
  config.plugin_dir = default_plugin_dir;
  if (GetString(root, "plugin_dir", &config.plugin_dir, &problems)) {
    config.plugin_dir = Absolute(base, config.plugin_dir);
  }
  if (GetString(root, "port_file", &config.port_file, &problems)) {
    config.port_file = Absolute(base, config.port_file);
  }
  if (const YAML::Node rules = root["rules"]) {
    if (rules.IsScalar()) {
      config.rules.push_back(Absolute(base, rules.Scalar()));
    } else if (rules.IsSequence()) {
      for (const YAML::Node& r : rules) {
        if (r.IsScalar()) {
          config.rules.push_back(Absolute(base, r.Scalar()));
        } else {
          problems.Add(r, "a rules entry must be a path");
        }
      }
    } else {
      problems.Add(rules, "'rules' must be a path or a list of paths");
    }
  } else {
    problems.Add(root, "missing required key 'rules'");
  }
  if (const YAML::Node store = root["store"]) {
    if (!store.IsMap()) {
      problems.Add(store, "'store' must be a mapping");
    } else {
      CheckKeys(
          store,
          {"retention_max_matches", "retention_max_age_days", "synchronous"},
          "'store'", &problems);
      GetUnsigned<uint64_t>(store, "retention_max_matches", 0,
                            &config.retention_max_matches, &problems);
      GetUnsigned<uint64_t>(store, "retention_max_age_days", 0,
                            &config.retention_max_age_days, &problems);
      if (GetString(store, "synchronous", &config.synchronous, &problems) &&
          config.synchronous != "normal" && config.synchronous != "full") {
        problems.Add(store["synchronous"],
                     "'synchronous' must be normal or full");
      }
    }
  }
  if (const YAML::Node p = root["pipeline"]) {
    if (!p.IsMap()) {
      problems.Add(p, "'pipeline' must be a mapping");
    } else {
      CheckKeys(
          p,
          {"batch_size", "queue_batches", "poll_timeout_ms", "max_post_bytes",
           "initial_backoff_ms", "max_backoff_ms", "match_threads"},
          "'pipeline'", &problems);
      GetUnsigned<uint32_t>(p, "batch_size", 1, &config.pipeline.batch_size,
                            &problems);
      GetUnsigned<size_t>(p, "queue_batches", 1, &config.pipeline.queue_batches,
                          &problems);
      GetUnsigned<uint32_t>(p, "match_threads", 0,
                            &config.pipeline.match_threads, &problems);
      GetUnsigned<uint64_t>(p, "max_post_bytes", 1,
                            &config.pipeline.max_post_bytes, &problems);
      GetMillis(p, "poll_timeout_ms", 1, &config.pipeline.poll_timeout,
                &problems);
      GetMillis(p, "initial_backoff_ms", 1, &config.pipeline.initial_backoff,
                &problems);
      GetMillis(p, "max_backoff_ms", 1, &config.pipeline.max_backoff,
                &problems);
    }
  }
  if (const YAML::Node w = root["workers"]) {
    if (!w.IsMap()) {
      problems.Add(w, "'workers' must be a mapping");
    } else {
      CheckKeys(w,
                {"memory_limit_mb", "next_batch_deadline_ms", "stop_grace_ms",
                 "quarantine_after", "restart_initial_backoff_ms",
                 "restart_max_backoff_ms"},
                "'workers'", &problems);
      uint64_t mb = config.workers.memory_limit_bytes >> 20;
      GetUnsigned<uint64_t>(w, "memory_limit_mb", 0, &mb, &problems);
      config.workers.memory_limit_bytes = mb << 20;
      GetMillis(w, "next_batch_deadline_ms", 1,
                &config.workers.next_batch_deadline, &problems);
      GetMillis(w, "stop_grace_ms", 0, &config.workers.stop_grace, &problems);
      GetUnsigned<uint32_t>(w, "quarantine_after", 1,
                            &config.pipeline.quarantine_after, &problems);
      GetMillis(w, "restart_initial_backoff_ms", 1,
                &config.pipeline.restart_initial_backoff, &problems);
      GetMillis(w, "restart_max_backoff_ms", 1,
                &config.pipeline.restart_max_backoff, &problems);
    }
  }
  if (const YAML::Node feed = root["feed"]) {
    if (!feed.IsMap()) {
      problems.Add(feed, "'feed' must be a mapping");
    } else {
      CheckKeys(feed, {"heartbeat_ms"}, "'feed'", &problems);
      GetMillis(feed, "heartbeat_ms", 10, &config.heartbeat, &problems);
    }
  }
  if (const YAML::Node log = root["log"]) {
    if (!log.IsMap()) {
      problems.Add(log, "'log' must be a mapping");
    } else {
      CheckKeys(log, {"level"}, "'log'", &problems);
      if (GetString(log, "level", &config.log_level, &problems) &&
          std::set<std::string>{"debug", "info", "warn", "error"}.count(
              config.log_level) == 0) {
        problems.Add(log["level"],
                     "'level' must be debug, info, warn or error");
      }
    }
  }
  if (const YAML::Node c = root["connectors"])
    ReadConnectors(c, base, &config, &problems);
  if (const YAML::Node t = root["tokens"]) ReadTokens(t, &config, &problems);
  if (!problems.empty()) return InvalidArgumentError(problems.Joined());
  return config;
}

}  // namespace wildwatch
