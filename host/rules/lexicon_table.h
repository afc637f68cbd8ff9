// LexiconTable: the named lexicons of every file of one load, layered, and
// the terms each `$` reference stands for.
//
// Lexicons are added in load order. One whose id was defined before
// replaces it with `override: true`, adds its terms and includes with
// `append: true`, and is a duplicate otherwise (reported with both
// places); either flag on a new id simply defines it. Once every file is
// added, Terms() resolves references by hierarchy ("trade" names "trade"
// and every "trade/..." lexicon) with includes folded in, and reports
// unknown references and include cycles at the place they are written.
//
// One table per load; not thread-safe.

#ifndef WILDWATCH_HOST_RULES_LEXICON_TABLE_H_
#define WILDWATCH_HOST_RULES_LEXICON_TABLE_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "host/rules/rule_file_parser.h"
#include "host/rules/rule_set.h"

namespace wildwatch::rules {

class LexiconTable {
 public:
  // diagnostics must be non-null and outlive the table.
  explicit LexiconTable(std::vector<Diagnostic>* diagnostics);
  LexiconTable(const LexiconTable&) = delete;
  LexiconTable& operator=(const LexiconTable&) = delete;

  // Layers lexicon onto those added before; problems are appended to the
  // diagnostics.
  void Add(ParsedLexicon lexicon);

  // The terms reference (a lexicon id or a prefix of ids, without '$')
  // stands for, each term once, in definition order; null, with a
  // diagnostic at `at`, when no lexicon has that id or one below it.
  // Stable: the same reference gives the same vector, which lives as long
  // as the table. REQUIRES: every Add() is done.
  const std::vector<const Term*>* Terms(const std::string& reference,
                                        const Location& at);

  // Whether every call so far was free of problems.
  bool ok() const { return problems_ == 0; }

 private:
  void Report(const Location& at, std::string message);
  // Appends the terms of lexicon id and of what it includes, skipping
  // those in *seen; *path is the chain of includes that led here.
  void Collect(const std::string& id, std::vector<std::string>* path,
               std::set<const Term*>* seen, std::vector<const Term*>* out);
  // The ids reference names: itself and those below it.
  std::vector<std::string> Named(const std::string& reference) const;

  std::vector<Diagnostic>* const diagnostics_;
  std::map<std::string, ParsedLexicon> lexicons_;
  std::map<std::string, std::vector<const Term*>> resolved_;
  std::set<std::string> reported_;  // Problems already reported.
  int problems_ = 0;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_LEXICON_TABLE_H_
