#include "bench/corpus.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

namespace wildwatch::bench {

StatusOr<Corpus> Corpus::LoadJsonl(const std::string& path,
                                   uint64_t max_bytes) {
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot read corpus " + path);
  std::vector<CorpusPost> posts;
  uint64_t bytes = 0;
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    if (line.empty()) continue;
    const nlohmann::json post = nlohmann::json::parse(line, nullptr, false);
    const std::string where = path + ":" + std::to_string(line_number);
    if (!post.is_object() || !post.contains("text") ||
        !post["text"].is_string()) {
      return InvalidArgumentError(where + ": expected an object with a text");
    }
    CorpusPost kept;
    kept.text = post["text"].get<std::string>();
    if (max_bytes > 0 && bytes + kept.text.size() > max_bytes) break;
    if (post.contains("lang") && post["lang"].is_string()) {
      kept.lang = post["lang"].get<std::string>();
    }
    bytes += kept.text.size();
    posts.push_back(std::move(kept));
  }
  if (posts.empty()) return InvalidArgumentError("no post kept from " + path);
  return Corpus(std::move(posts));
}

Corpus::Corpus(std::vector<CorpusPost> posts) : posts_(std::move(posts)) {
  for (const CorpusPost& post : posts_) text_bytes_ += post.text.size();
}

}  // namespace wildwatch::bench
