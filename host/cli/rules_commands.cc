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
  bool explain = false;
  std::string why_not;
};

struct DiffFlags {
  std::string old_path;
  std::string new_path;
  std::vector<std::string> more_old;
  std::vector<std::string> more_new;
  rules::DiffRulesOptions options;
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
  test->add_flag("--explain", flags->explain,
                 "add to each match which pattern hit which normalised text "
                 "and span, and each all/unless clause's outcome");
  test->add_option("--why-not", flags->why_not,
                   "instead of matches, trace every rule of TAXON on each "
                   "post: which any/all/unless clause failed");
  test->callback([flags, text, input, exit_code] {
    rules::TestRulesOptions options;
    options.rules = flags->rules;
    if (text->count() > 0) options.text = flags->text;
    if (input->count() > 0) options.input = flags->input;
    options.lang = flags->lang;
    options.explain = flags->explain;
    options.why_not = flags->why_not;
    *exit_code = rules::TestRules(options, std::cin, std::cout, std::cerr);
  });

  auto diff_flags = std::make_shared<DiffFlags>();
  CLI::App* diff = rules->add_subcommand(
      "diff",
      "Run two rule sets over a sample of posts and print the matches "
      "gained and lost (post, taxon, rule) with counts. Exit 0 when the run "
      "worked, 1 when a rule set is invalid, 2 on an input error.");
  diff->add_option("old", diff_flags->old_path,
                   "the old rule set: a file or directory")
      ->required();
  diff->add_option("new", diff_flags->new_path,
                   "the new rule set: a file or directory")
      ->required();
  diff->add_option("--old", diff_flags->more_old,
                   "more files or directories of the old set (repeatable)");
  diff->add_option("--new", diff_flags->more_new,
                   "more files or directories of the new set (repeatable)");
  diff->add_option("--input", diff_flags->options.input,
                   "posts as canonical JSONL; - for stdin")
      ->required();
  diff->add_option("--lang", diff_flags->options.lang,
                   "language hint for posts without one");
  diff->callback([diff_flags, exit_code] {
    rules::DiffRulesOptions options = diff_flags->options;
    options.old_rules = {diff_flags->old_path};
    options.old_rules.insert(options.old_rules.end(),
                             diff_flags->more_old.begin(),
                             diff_flags->more_old.end());
    options.new_rules = {diff_flags->new_path};
    options.new_rules.insert(options.new_rules.end(),
                             diff_flags->more_new.begin(),
                             diff_flags->more_new.end());
    *exit_code = rules::DiffRules(options, std::cin, std::cout, std::cerr);
  });
}

}  // namespace wildwatch::cli
