#include "host/rules/evaluation.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "host/core/post_json.h"

namespace wildwatch::rules {

namespace {

constexpr std::string_view kLabelsField = "labels";
constexpr std::string_view kUnknownLanguage = "und";

double Ratio(int numerator, int denominator) {
  return denominator == 0 ? 1.0 : static_cast<double>(numerator) / denominator;
}

// The first kExcerptBytes of text with line breaks and tabs as spaces, so
// each error stays on one line of the report.
std::string Excerpt(std::string_view text) {
  size_t end = std::min(text.size(), kExcerptBytes);
  // Back up over UTF-8 continuation bytes so no character is cut in two.
  while (end > 0 && end < text.size() &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  std::string excerpt(text.substr(0, end));
  for (char& c : excerpt) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (end < text.size()) excerpt += "...";
  return excerpt;
}

std::string FormatRatio(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%.3f", value);
  return buffer;
}

// One table row: name, the three counts and the three ratios.
std::string FormatRow(std::string_view name, const Counts& counts) {
  char buffer[160];
  std::snprintf(buffer, sizeof(buffer), "  %-32.*s %5d %5d %5d  %s  %s  %s\n",
                static_cast<int>(name.size()), name.data(),
                counts.true_positives, counts.false_positives,
                counts.false_negatives, FormatRatio(counts.precision()).c_str(),
                FormatRatio(counts.recall()).c_str(),
                FormatRatio(counts.f1()).c_str());
  return buffer;
}

std::string FormatTable(std::string_view title,
                        const std::map<std::string, Counts>& rows) {
  std::string out(title);
  out += "\n";
  char header[160];
  std::snprintf(header, sizeof(header), "  %-32s %5s %5s %5s  %-5s  %-5s  %s\n",
                "", "tp", "fp", "fn", "prec", "rec", "f1");
  out += header;
  for (const auto& [name, counts] : rows) out += FormatRow(name, counts);
  return out;
}

std::string FormatErrors(std::string_view title,
                         const std::vector<EvaluationError>& errors) {
  std::string out(title);
  out += " (" + std::to_string(errors.size()) + ")\n";
  for (const EvaluationError& error : errors) {
    out += "  " + error.post_id + "  " + error.taxon_id + "  " + error.excerpt +
           "\n";
  }
  return out;
}

nlohmann::ordered_json CountsToJson(const Counts& counts) {
  return {
      {"true_positives", counts.true_positives},
      {"false_positives", counts.false_positives},
      {"false_negatives", counts.false_negatives},
      {"precision", counts.precision()},
      {"recall", counts.recall()},
      {"f1", counts.f1()},
  };
}

nlohmann::ordered_json ErrorsToJson(
    const std::vector<EvaluationError>& errors) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const EvaluationError& error : errors) {
    out.push_back({{"post_id", error.post_id},
                   {"taxon_id", error.taxon_id},
                   {"lang", error.lang},
                   {"excerpt", error.excerpt}});
  }
  return out;
}

}  // namespace

double Counts::precision() const {
  return Ratio(true_positives, true_positives + false_positives);
}

double Counts::recall() const {
  return Ratio(true_positives, true_positives + false_negatives);
}

double Counts::f1() const {
  const double p = precision();
  const double r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

StatusOr<LabelledPost> LabelledPostFromJson(std::string_view line) {
  StatusOr<Post> post = PostFromJson(line);
  if (!post.ok()) return post.status();
  LabelledPost labelled;
  labelled.post = std::move(*post);
  std::vector<std::pair<std::string, std::string>>& attributes =
      labelled.post.attributes;
  auto it = std::find_if(attributes.begin(), attributes.end(),
                         [](const auto& a) { return a.first == kLabelsField; });
  if (it == attributes.end()) {
    return InvalidArgumentError("missing field 'labels'");
  }
  // PostFromJson keeps a non-string field as its compact JSON text.
  const nlohmann::json labels =
      nlohmann::json::parse(it->second, nullptr,
                            /*allow_exceptions=*/false);
  if (!labels.is_array()) {
    return InvalidArgumentError("'labels' must be an array of taxon ids");
  }
  std::set<std::string> unique;
  for (const nlohmann::json& label : labels) {
    if (!label.is_string() || label.get_ref<const std::string&>().empty()) {
      return InvalidArgumentError("'labels' must be an array of taxon ids");
    }
    unique.insert(label.get<std::string>());
  }
  labelled.labels.assign(unique.begin(), unique.end());
  attributes.erase(it);
  return labelled;
}

StatusOr<std::vector<LabelledPost>> ReadLabelledPosts(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return NotFoundError(path + ": cannot open");
  std::vector<LabelledPost> posts;
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    StatusOr<LabelledPost> post = LabelledPostFromJson(line);
    if (!post.ok()) {
      return InvalidArgumentError(path + ":" + std::to_string(number) + ": " +
                                  post.status().message());
    }
    posts.push_back(std::move(*post));
  }
  if (file.bad()) return DataLossError(path + ": read error");
  return posts;
}

Evaluation Evaluate(const RuleSet& set,
                    const std::vector<LabelledPost>& posts) {
  Evaluation result;
  for (const LabelledPost& labelled : posts) {
    const Post& post = labelled.post;
    ++result.posts;
    std::set<std::string> predicted;
    for (const Hit& hit : set.Match(post.text, post.lang)) {
      predicted.insert(hit.taxon->id);
    }
    const std::set<std::string> expected(labelled.labels.begin(),
                                         labelled.labels.end());
    std::set<std::string> taxa = predicted;
    taxa.insert(expected.begin(), expected.end());

    const std::string lang =
        post.lang.empty() ? std::string(kUnknownLanguage) : post.lang;
    Counts& language = result.by_language[lang];
    for (const std::string& taxon_id : taxa) {
      const bool hit = predicted.count(taxon_id) > 0;
      const bool label = expected.count(taxon_id) > 0;
      Counts& taxon = result.by_taxon[taxon_id];
      int Counts::*field = hit && label ? &Counts::true_positives
                           : hit        ? &Counts::false_positives
                                        : &Counts::false_negatives;
      ++(result.overall.*field);
      ++(taxon.*field);
      ++(language.*field);
      if (hit && label) continue;
      EvaluationError error{post.id, taxon_id, post.lang, Excerpt(post.text)};
      (hit ? result.false_positives : result.false_negatives)
          .push_back(std::move(error));
    }
  }
  return result;
}

std::string FormatEvaluationText(const Evaluation& evaluation,
                                 bool show_errors) {
  const Counts& all = evaluation.overall;
  std::string out = "posts: " + std::to_string(evaluation.posts) +
                    "  (post, taxon) pairs: tp " +
                    std::to_string(all.true_positives) + ", fp " +
                    std::to_string(all.false_positives) + ", fn " +
                    std::to_string(all.false_negatives) + "\n";
  out += "overall: precision " + FormatRatio(all.precision()) + "  recall " +
         FormatRatio(all.recall()) + "  f1 " + FormatRatio(all.f1()) + "\n\n";
  out += FormatTable("by taxon:", evaluation.by_taxon) + "\n";
  out += FormatTable("by language:", evaluation.by_language);
  if (show_errors) {
    out += "\n" + FormatErrors("false positives", evaluation.false_positives);
    out += "\n" + FormatErrors("false negatives", evaluation.false_negatives);
  }
  return out;
}

std::string FormatEvaluationJson(const Evaluation& evaluation,
                                 bool show_errors) {
  nlohmann::ordered_json by_taxon = nlohmann::ordered_json::object();
  for (const auto& [id, counts] : evaluation.by_taxon) {
    by_taxon[id] = CountsToJson(counts);
  }
  nlohmann::ordered_json by_language = nlohmann::ordered_json::object();
  for (const auto& [lang, counts] : evaluation.by_language) {
    by_language[lang] = CountsToJson(counts);
  }
  nlohmann::ordered_json out = {
      {"posts", evaluation.posts},
      {"overall", CountsToJson(evaluation.overall)},
      {"by_taxon", std::move(by_taxon)},
      {"by_language", std::move(by_language)},
  };
  if (show_errors) {
    out["false_positives"] = ErrorsToJson(evaluation.false_positives);
    out["false_negatives"] = ErrorsToJson(evaluation.false_negatives);
  }
  // Excerpts of invalid UTF-8 posts are replaced rather than thrown on.
  return out.dump(-1, ' ', false,
                  nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace wildwatch::rules
