#include "host/cli/rules_eval_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "host/rules/evaluation.h"
#include "host/rules/rule_set.h"
#include "host/rules/rules_tool.h"

namespace wildwatch::cli {

namespace {

struct EvalFlags {
  std::vector<std::string> rules;
  std::vector<std::string> labelled;
  bool show_errors = false;
  std::string format = "text";
  double min_precision = 0;
  double min_recall = 0;
};

int RunEval(const EvalFlags& flags) {
  std::vector<rules::Diagnostic> diagnostics;
  std::shared_ptr<const rules::RuleSet> set =
      rules::RuleSet::Load(flags.rules, &diagnostics);
  if (set == nullptr) {
    for (const rules::Diagnostic& d : diagnostics) {
      std::cerr << d.ToString() << "\n";
    }
    return rules::kExitInvalidRules;
  }
  std::vector<rules::LabelledPost> posts;
  for (const std::string& path : flags.labelled) {
    StatusOr<std::vector<rules::LabelledPost>> file =
        rules::ReadLabelledPosts(path);
    if (!file.ok()) {
      std::cerr << file.status().message() << "\n";
      return rules::kExitUsage;
    }
    posts.insert(posts.end(), file->begin(), file->end());
  }
  const rules::Evaluation evaluation = rules::Evaluate(*set, posts);
  if (flags.format == "json") {
    std::cout << rules::FormatEvaluationJson(evaluation, flags.show_errors)
              << "\n";
  } else {
    std::cout << "rules: " << set->version() << "\n"
              << rules::FormatEvaluationText(evaluation, flags.show_errors);
  }
  const rules::Counts& overall = evaluation.overall;
  if (overall.precision() < flags.min_precision ||
      overall.recall() < flags.min_recall) {
    std::cerr << "below the gate: precision " << overall.precision() << " (min "
              << flags.min_precision << "), recall " << overall.recall()
              << " (min " << flags.min_recall << ")\n";
    return rules::kExitInvalidRules;
  }
  return rules::kExitOk;
}

}  // namespace

void AddRulesEvalCommand(CLI::App& app, int* exit_code) {
  CLI::App* rules = app.get_subcommand("rules");
  auto flags = std::make_shared<EvalFlags>();
  CLI::App* eval = rules->add_subcommand(
      "eval",
      "Run rules over labelled posts and print precision, recall and F1 "
      "overall, per taxon and per language. Exit 1 when the rules are "
      "invalid or below --min-precision/--min-recall, 2 on an input error.");
  eval->add_option("--rules", flags->rules,
                   "rule files, or directories of *.yaml")
      ->required();
  eval->add_option("--labelled", flags->labelled,
                   "posts as canonical JSONL with a \"labels\" list of taxon "
                   "ids")
      ->required();
  eval->add_flag("--show-errors", flags->show_errors,
                 "list every false positive and false negative");
  eval->add_option("--format", flags->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  eval->add_option("--min-precision", flags->min_precision,
                   "exit 1 when overall precision is below this")
      ->check(CLI::Range(0.0, 1.0));
  eval->add_option("--min-recall", flags->min_recall,
                   "exit 1 when overall recall is below this")
      ->check(CLI::Range(0.0, 1.0));
  eval->callback([flags, exit_code] { *exit_code = RunEval(*flags); });
}

}  // namespace wildwatch::cli
