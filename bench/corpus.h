// Corpus: the benchmark's posts, held in memory so that a timed scan
// measures matching alone, never reading files or parsing JSON.
//
// Immutable after loading; const methods are safe for concurrent use.
// Movable, not copyable (a full corpus is over 100 MB).

#ifndef WILDWATCH_BENCH_CORPUS_H_
#define WILDWATCH_BENCH_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "host/core/status.h"

namespace wildwatch::bench {

struct CorpusPost {
  std::string text;
  std::string lang;  // "" when the line had none.
};

class Corpus {
 public:
  // Reads canonical JSONL (docs/post-format.md; only "text" and "lang" are
  // kept). max_bytes > 0 keeps the leading posts whose texts add up to at
  // most max_bytes, so several drivers can measure the same prefix; 0 keeps
  // every post. Returns NOT_FOUND if path cannot be read, INVALID_ARGUMENT
  // naming the line if one is not an object with a string "text", or if no
  // post is kept.
  static StatusOr<Corpus> LoadJsonl(const std::string& path,
                                    uint64_t max_bytes);

  explicit Corpus(std::vector<CorpusPost> posts);
  Corpus(Corpus&&) = default;
  Corpus& operator=(Corpus&&) = default;
  Corpus(const Corpus&) = delete;
  Corpus& operator=(const Corpus&) = delete;

  const std::vector<CorpusPost>& posts() const { return posts_; }
  // Sum of the texts' sizes in bytes: what MB/s figures divide by.
  uint64_t text_bytes() const { return text_bytes_; }

 private:
  std::vector<CorpusPost> posts_;
  uint64_t text_bytes_ = 0;
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_CORPUS_H_
