#include "host/cli/rules_commands.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "host/rules/rules_tool.h"

namespace wildwatch::cli {

namespace {

struct TestFlags {
  std::vector<std::string> rules;
  std::string text;
  std::string input;
  std::string lang;
};

}  // namespace

void AddRulesCommands(CLI::App& app, int* exit_code) {
  CLI::App* rules = app.add_subcommand(
      "rules", "Check rule sets and try them on posts offline.");
  rules->require_subcommand(1);

  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* check = rules->add_subcommand(
      "check",
      "Validate rule files; prints every problem as FILE:LINE:COL: message "
      "(exit 1), or a summary line (exit 0).");
  check->add_option("paths", *paths, "rule files, or directories of *.yaml")
      ->required();
  check->callback([paths, exit_code] {
    *exit_code = rules::CheckRules(*paths, std::cout);
  });

  auto flags = std::make_shared<TestFlags>();
  CLI::App* test = rules->add_subcommand(
      "test",
      "Run rules over a text or a JSONL file of posts and print one JSON "
      "object per match. Exit 0 when the run worked, 1 when the rules are "
      "invalid, 2 on a usage or input error.");
  test->add_option("--rules", flags->rules,
                   "rule files, or directories of *.yaml")
      ->required();
  CLI::Option* text =
      test->add_option("--text", flags->text, "one post's text (id \"text\")");
  CLI::Option* input = test->add_option(
      "--input", flags->input, "posts as canonical JSONL; - for stdin");
  test->add_option("--lang", flags->lang,
                   "language hint for --text and for posts without one");
  test->callback([flags, text, input, exit_code] {
    rules::TestRulesOptions options;
    options.rules = flags->rules;
    if (text->count() > 0) options.text = flags->text;
    if (input->count() > 0) options.input = flags->input;
    options.lang = flags->lang;
    *exit_code = rules::TestRules(options, std::cin, std::cout, std::cerr);
  });
}

}  // namespace wildwatch::cli
