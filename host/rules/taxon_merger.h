// TaxonMerger: layers the taxa of several rule files into one list.
//
// Admins put their own files on top of the shipped set. Taxa are added in
// load order; a taxon whose id was defined before
//
//   * with `override: true` replaces that definition whole, in its place;
//   * with `extend: true` adds its rules, common names, names, context
//     names, products and look-alikes to it; templates it names replace
//     the earlier ones; the
//     scientific_name, appendix and taxonomy it gives replace the earlier
//     ones, so a curated file extending the generated set corrects it
//     ("Moschus" in Appendix II rather than "Moschus spp." in I);
//   * with neither is a duplicate id, reported with both places.
//
// Either flag on an id not defined before simply defines it, so a file
// that extends the generated set still loads on its own; it must then be
// complete (scientific_name, appendix, and in format 1 at least one rule).
//
// One merger per load; not thread-safe.

#ifndef WILDWATCH_HOST_RULES_TAXON_MERGER_H_
#define WILDWATCH_HOST_RULES_TAXON_MERGER_H_

#include <map>
#include <string>
#include <vector>

#include "host/rules/rule_file_parser.h"
#include "host/rules/rule_set.h"

namespace wildwatch::rules {

class TaxonMerger {
 public:
  // diagnostics must be non-null and outlive the merger.
  explicit TaxonMerger(std::vector<Diagnostic>* diagnostics);
  TaxonMerger(const TaxonMerger&) = delete;
  TaxonMerger& operator=(const TaxonMerger&) = delete;

  // Layers taxon onto those added before. Problems are appended to the
  // diagnostics; the taxon is then left out.
  void Add(ParsedTaxon taxon);

  // Whether every Add() so far was free of problems.
  bool ok() const { return problems_ == 0; }

  // The merged taxa, in the order their ids first appeared.
  // REQUIRES: called once, after the last Add().
  std::vector<ParsedTaxon> Take() { return std::move(taxa_); }

 private:
  void Report(const Location& at, std::string message);
  void Extend(ParsedTaxon taxon, ParsedTaxon* base);

  std::vector<Diagnostic>* const diagnostics_;
  std::vector<ParsedTaxon> taxa_;
  std::map<std::string, size_t> index_;  // Taxon id -> index into taxa_.
  int problems_ = 0;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_TAXON_MERGER_H_
