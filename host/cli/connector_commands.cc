#include "host/cli/connector_commands.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "host/core/post_json.h"
#include "host/plugin/conformance.h"
#include "host/plugin/plugin_library.h"

namespace wildwatch::cli {

namespace {

struct CheckArgs {
  std::string plugin;
  std::string config = "{}";
  bool dump = false;
  uint64_t max_posts = 0;
  size_t max_restarts = 25;
};

// --config takes a file, or inline JSON when it starts with '{'.
bool ReadConfig(const std::string& arg, std::string* json) {
  if (!arg.empty() && arg.front() == '{') {
    *json = arg;
    return true;
  }
  std::ifstream in(arg);
  if (!in) return false;
  std::stringstream s;
  s << in.rdbuf();
  *json = s.str();
  return true;
}

int RunCheck(const CheckArgs& args) {
  std::string config;
  if (!ReadConfig(args.config, &config)) {
    std::cerr << "cannot read " << args.config << "\n";
    return 2;
  }
  ConformanceOptions options;
  options.max_posts = args.max_posts;
  options.max_restarts = args.max_restarts;
  if (args.dump) {
    options.on_post = [](const Post& post) {
      std::cout << PostToJson(post) << "\n";
    };
  }
  ConformanceReport report = CheckConnector(args.plugin, config, options);
  // With --dump, standard output carries only the posts.
  std::ostream& out = args.dump ? std::cerr : std::cout;
  out << report.ToString();
  out << "read rate: " << static_cast<uint64_t>(report.posts_per_second)
      << " posts/s\n";
  return report.passed() ? 0 : 1;
}

int RunInfo(const std::string& plugin) {
  auto library = PluginLibrary::Load(plugin);
  if (!library.ok()) {
    std::cerr << library.status().message() << "\n";
    return 1;
  }
  const ww_connector_descriptor& d = (*library)->descriptor();
  std::cout << "name:        " << d.name << "\n"
            << "version:     " << d.version << "\n"
            << "description: " << d.description << "\n"
            << "abi:         " << d.abi_major << "." << d.abi_minor << "\n"
            << "schema:      " << d.config_schema << "\n";
  return 0;
}

}  // namespace

void AddConnectorCommands(CLI::App& app, int* exit_code) {
  CLI::App* connector =
      app.add_subcommand("connector", "Inspect and check connector plugins");
  connector->require_subcommand(1);

  auto check_args = std::make_shared<CheckArgs>();
  CLI::App* check = connector->add_subcommand(
      "check",
      "Load a plugin through the host's loader and prove it conforms: ABI, "
      "schema, full read, resume from every checkpoint, clean errors");
  check->add_option("plugin", check_args->plugin, "Path of the plugin (.so)")
      ->required();
  check->add_option("--config", check_args->config,
                    "Instance configuration: a JSON file, or inline JSON");
  check->add_flag("--dump", check_args->dump,
                  "Write every post read as canonical JSON lines to stdout "
                  "(the report goes to stderr)");
  check->add_option("--max-posts", check_args->max_posts,
                    "Stop reading after this many posts (0: to the end)");
  check->add_option("--max-restarts", check_args->max_restarts,
                    "Checkpoints to restart from, evenly spaced");
  check->callback(
      [check_args, exit_code] { *exit_code = RunCheck(*check_args); });

  auto plugin = std::make_shared<std::string>();
  CLI::App* info = connector->add_subcommand(
      "info", "Print a plugin's descriptor and configuration schema");
  info->add_option("plugin", *plugin, "Path of the plugin (.so)")->required();
  info->callback([plugin, exit_code] { *exit_code = RunInfo(*plugin); });
}

}  // namespace wildwatch::cli
