#include "host/rules/lexicon_table.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace wildwatch::rules {

LexiconTable::LexiconTable(std::vector<Diagnostic>* diagnostics)
    : diagnostics_(diagnostics) {}

void LexiconTable::Report(const Location& at, std::string message) {
  // A reference in a template is resolved once per taxon; say it once.
  if (!reported_.insert(at.ToString() + message).second) return;
  diagnostics_->push_back(
      Diagnostic{at.file, at.line, at.column, std::move(message)});
  ++problems_;
}

void LexiconTable::Add(ParsedLexicon lexicon) {
  auto found = lexicons_.find(lexicon.id);
  if (found == lexicons_.end()) {
    const std::string id = lexicon.id;
    lexicons_.emplace(id, std::move(lexicon));
    return;
  }
  ParsedLexicon& base = found->second;
  switch (lexicon.layer) {
    case TaxonLayer::kDefine:
      Report(lexicon.at, "duplicate lexicon id '" + lexicon.id +
                             "'; first defined at " + base.at.ToString() +
                             " (add 'override: true' to replace it or "
                             "'append: true' to add to it)");
      return;
    case TaxonLayer::kOverride:
      base = std::move(lexicon);
      return;
    case TaxonLayer::kExtend:
      base.terms.insert(base.terms.end(),
                        std::make_move_iterator(lexicon.terms.begin()),
                        std::make_move_iterator(lexicon.terms.end()));
      base.includes.insert(base.includes.end(),
                           std::make_move_iterator(lexicon.includes.begin()),
                           std::make_move_iterator(lexicon.includes.end()));
      return;
  }
}

std::vector<std::string> LexiconTable::Named(
    const std::string& reference) const {
  std::vector<std::string> ids;
  if (lexicons_.count(reference) != 0) ids.push_back(reference);
  const std::string below = reference + "/";
  for (auto it = lexicons_.lower_bound(below);
       it != lexicons_.end() && it->first.compare(0, below.size(), below) == 0;
       ++it) {
    ids.push_back(it->first);
  }
  return ids;
}

void LexiconTable::Collect(const std::string& id,
                           std::vector<std::string>* path,
                           std::set<const Term*>* seen,
                           std::vector<const Term*>* out) {
  if (std::find(path->begin(), path->end(), id) != path->end()) return;
  path->push_back(id);
  const ParsedLexicon& lexicon = lexicons_.at(id);
  for (const Term& term : lexicon.terms) {
    if (seen->insert(&term).second) out->push_back(&term);
  }
  for (const Reference& include : lexicon.includes) {
    const std::vector<std::string> ids = Named(include.name);
    if (ids.empty()) {
      Report(include.at, "lexicon '" + id + "' includes '" + include.name +
                             "', and no lexicon has that id");
      continue;
    }
    for (const std::string& included : ids) {
      if (std::find(path->begin(), path->end(), included) != path->end()) {
        std::string chain;
        for (const std::string& step : *path) chain += step + " -> ";
        Report(include.at, "include cycle: " + chain + included);
        continue;
      }
      Collect(included, path, seen, out);
    }
  }
  path->pop_back();
}

const std::vector<const Term*>* LexiconTable::Terms(
    const std::string& reference, const Location& at) {
  if (auto found = resolved_.find(reference); found != resolved_.end()) {
    return &found->second;
  }
  const std::vector<std::string> ids = Named(reference);
  if (ids.empty()) {
    Report(at, "unknown reference '$" + reference +
                   "': no lexicon has the id '" + reference +
                   "' or one below it ('" + reference + "/...')");
    return nullptr;
  }
  std::vector<const Term*>& terms = resolved_[reference];
  std::set<const Term*> seen;
  for (const std::string& id : ids) {
    std::vector<std::string> path;
    Collect(id, &path, &seen, &terms);
  }
  return &terms;
}

}  // namespace wildwatch::rules
