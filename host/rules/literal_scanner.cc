#include "host/rules/literal_scanner.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <utility>

namespace wildwatch::rules {

namespace {

uint8_t AsciiLower(uint8_t c) {
  return c >= 'A' && c <= 'Z' ? static_cast<uint8_t>(c - 'A' + 'a') : c;
}

// The trie as it is first built: states in creation order, edges as
// (from, byte, to) in the order they were made.
struct RawTrie {
  struct Edge {
    uint32_t from;
    uint8_t byte;
    uint32_t to;
  };
  uint32_t state_count = 1;
  std::vector<Edge> edges;
  std::vector<std::pair<uint32_t, int>> outputs;  // (state, literal).
};

// Inserting the literals in sorted order lets each one reuse the path of
// the previous one up to their common prefix, with no child lookups, and
// makes every state's edges come out sorted by byte.
RawTrie BuildTrie(const std::vector<std::string>& literals) {
  std::vector<int> order(literals.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return literals[a] < literals[b]; });
  RawTrie trie;
  std::vector<uint32_t> path = {0};  // path[d]: state of the previous prefix.
  const std::string* previous = nullptr;
  for (int index : order) {
    const std::string& literal = literals[index];
    assert(!literal.empty());
    size_t common = 0;
    if (previous != nullptr) {
      const size_t limit = std::min(previous->size(), literal.size());
      while (common < limit && (*previous)[common] == literal[common]) {
        ++common;
      }
    }
    path.resize(common + 1);
    for (size_t d = common; d < literal.size(); ++d) {
      const uint32_t state = trie.state_count++;
      trie.edges.push_back({path[d], static_cast<uint8_t>(literal[d]), state});
      path.push_back(state);
    }
    trie.outputs.emplace_back(path[literal.size()], index);
    previous = &literal;
  }
  return trie;
}

}  // namespace

LiteralScanner::LiteralScanner() : LiteralScanner(std::vector<std::string>()) {}

LiteralScanner::LiteralScanner(const std::vector<std::string>& literals,
                               size_t dense_bytes)
    : literal_count_(literals.size()) {
  bool used[256] = {};
  for (const std::string& literal : literals) {
    for (char c : literal) {
      assert(AsciiLower(static_cast<uint8_t>(c)) == static_cast<uint8_t>(c));
      used[static_cast<uint8_t>(c)] = true;
    }
  }
  // Bytes no literal uses share class 0; they all lead to the root's row.
  for (int c = 0; c < 256; ++c) {
    fold_[c] = AsciiLower(static_cast<uint8_t>(c));
    byte_class_[c] = used[c] ? static_cast<uint16_t>(class_count_++) : 0;
  }
  for (int c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c - 'A' + 'a'];

  const RawTrie trie = BuildTrie(literals);
  const uint32_t n = trie.state_count;

  // Edges grouped by source state, keeping their byte order.
  std::vector<uint32_t> raw_begin(n + 1, 0);
  for (const RawTrie::Edge& e : trie.edges) ++raw_begin[e.from + 1];
  std::partial_sum(raw_begin.begin(), raw_begin.end(), raw_begin.begin());
  std::vector<uint32_t> raw_edges(trie.edges.size());
  {
    std::vector<uint32_t> next(raw_begin.begin(), raw_begin.end() - 1);
    for (uint32_t i = 0; i < trie.edges.size(); ++i) {
      raw_edges[next[trie.edges[i].from]++] = i;
    }
  }

  // How many literals go through each raw state: the best guess, without
  // a sample of text, at how often a scan visits it. A state is created
  // after its parent, so one backward pass over the edges sums a subtree.
  std::vector<uint32_t> below(n, 0);
  for (const auto& [state, index] : trie.outputs) ++below[state];
  for (auto e = trie.edges.rbegin(); e != trie.edges.rend(); ++e) {
    below[e->from] += below[e->to];
  }

  // Breadth-first renumbering: a state's failure target is always shallower,
  // so it is numbered (and finished) before the state itself. Within one
  // depth the busiest states come first, as the dense rows go to the
  // lowest numbers.
  std::vector<uint32_t> order = {0};  // New number -> raw state.
  order.reserve(n);
  for (size_t depth_begin = 0; depth_begin < order.size();) {
    const size_t depth_end = order.size();
    for (size_t s = depth_begin; s < depth_end; ++s) {
      for (uint32_t i = raw_begin[order[s]]; i < raw_begin[order[s] + 1]; ++i) {
        order.push_back(trie.edges[raw_edges[i]].to);
      }
    }
    std::stable_sort(
        order.begin() + static_cast<std::ptrdiff_t>(depth_end), order.end(),
        [&](uint32_t a, uint32_t b) { return below[a] > below[b]; });
    depth_begin = depth_end;
  }
  std::vector<uint32_t> renumber(n, 0);
  for (uint32_t s = 0; s < n; ++s) renumber[order[s]] = s;
  edge_begin_.reserve(n + 1);
  edge_byte_.reserve(trie.edges.size());
  edge_target_.reserve(trie.edges.size());
  for (uint32_t s = 0; s < n; ++s) {
    edge_begin_.push_back(static_cast<uint32_t>(edge_byte_.size()));
    for (uint32_t i = raw_begin[order[s]]; i < raw_begin[order[s] + 1]; ++i) {
      const RawTrie::Edge& e = trie.edges[raw_edges[i]];
      edge_byte_.push_back(e.byte);
      edge_target_.push_back(renumber[e.to]);
    }
  }
  edge_begin_.push_back(static_cast<uint32_t>(edge_byte_.size()));

  out_begin_.assign(n + 1, 0);
  for (const auto& [state, index] : trie.outputs) {
    ++out_begin_[renumber[state] + 1];
  }
  std::partial_sum(out_begin_.begin(), out_begin_.end(), out_begin_.begin());
  out_.resize(trie.outputs.size());
  {
    std::vector<uint32_t> next(out_begin_.begin(), out_begin_.end() - 1);
    for (const auto& [state, index] : trie.outputs) {
      out_[next[renumber[state]]++] = index;
    }
  }

  // Row offsets must fit in a scan code's payload.
  dense_count_ =
      std::clamp<size_t>(dense_bytes / (class_count_ * sizeof(uint32_t)), 1,
                         std::min<size_t>(n, kPayload / class_count_));
  assert(n <= kPayload);
  dense_.assign(dense_count_ * class_count_, 0);
  fail_.assign(n, 0);
  dict_.assign(n, 0);
  report_.assign(n, 0);
  // The full transition of state on byte, for states whose own failure
  // chain is already complete.
  const auto delta = [&](uint32_t state, uint8_t byte) {
    while (state >= dense_count_) {
      for (uint32_t i = edge_begin_[state]; i < edge_begin_[state + 1]; ++i) {
        if (edge_byte_[i] == byte) return edge_target_[i];
      }
      state = fail_[state];
    }
    return dense_[state * class_count_ + byte_class_[byte]];
  };
  for (uint32_t s = 0; s < n; ++s) {
    if (s < dense_count_) {
      uint32_t* row = &dense_[s * class_count_];
      if (s != 0) {
        std::copy_n(&dense_[fail_[s] * class_count_], class_count_, row);
      }
      for (uint32_t i = edge_begin_[s]; i < edge_begin_[s + 1]; ++i) {
        row[byte_class_[edge_byte_[i]]] = edge_target_[i];
      }
    }
    for (uint32_t i = edge_begin_[s]; i < edge_begin_[s + 1]; ++i) {
      const uint32_t t = edge_target_[i];
      const uint32_t f = s == 0 ? 0 : delta(fail_[s], edge_byte_[i]);
      fail_[t] = f;
      dict_[t] = out_begin_[f] != out_begin_[f + 1] ? f : dict_[f];
      report_[t] = out_begin_[t] != out_begin_[t + 1] ? t : dict_[t];
    }
  }

  code_.resize(n);
  for (uint32_t s = 0; s < n; ++s) {
    code_[s] = (s < dense_count_ ? static_cast<uint32_t>(s * class_count_)
                                 : kSparse | s) |
               (report_[s] != 0 ? kReport : 0);
  }
  for (uint32_t& entry : dense_) entry = code_[entry];
}

size_t LiteralScanner::memory_bytes() const {
  return sizeof(uint32_t) *
             (dense_.capacity() + edge_begin_.capacity() +
              edge_target_.capacity() + fail_.capacity() + report_.capacity() +
              dict_.capacity() + code_.capacity() + out_begin_.capacity()) +
         edge_byte_.capacity() + sizeof(int) * out_.capacity();
}

void LiteralScanner::Report(uint32_t state, uint32_t epoch, uint32_t* seen,
                            std::vector<int>* found) const {
  // seen marks states whose whole suffix chain is reported. Reporting a
  // chain walks it to its end, so the walk can stop at the first marked
  // state, and a state reached again in the same text costs one load.
  for (uint32_t t = report_[state]; t != 0 && seen[t] != epoch; t = dict_[t]) {
    seen[t] = epoch;
    for (uint32_t i = out_begin_[t]; i < out_begin_[t + 1]; ++i) {
      found->push_back(out_[i]);
    }
  }
  seen[state] = epoch;
}

uint32_t LiteralScanner::StateOf(uint32_t code) const {
  const uint32_t payload = code & kPayload;
  return (code & kSparse) != 0 ? payload
                               : payload / static_cast<uint32_t>(class_count_);
}

uint32_t LiteralScanner::SparseStep(uint32_t state, uint8_t byte) const {
  const uint8_t folded = fold_[byte];
  while (state >= dense_count_) {
    const uint32_t end = edge_begin_[state + 1];
    for (uint32_t i = edge_begin_[state]; i < end; ++i) {
      if (edge_byte_[i] == folded) return code_[edge_target_[i]];
    }
    state = fail_[state];
  }
  return dense_[state * class_count_ + byte_class_[byte]];
}

void LiteralScanner::Scan(std::string_view text,
                          std::vector<int>* found) const {
  found->clear();
  if (literal_count_ == 0) return;
  // seen[s] == epoch marks state s reported by this call (see Report);
  // bumping the epoch clears every mark at once.
  thread_local std::vector<uint32_t> seen;
  thread_local uint32_t epoch = 0;
  if (seen.size() < fail_.size()) seen.resize(fail_.size(), 0);
  if (++epoch == 0) {
    std::fill(seen.begin(), seen.end(), 0);
    epoch = 1;
  }
  const uint32_t* dense = dense_.data();
  const uint16_t* byte_class = byte_class_;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* const end = p + text.size();
  uint32_t code = 0;
  for (;;) {
    // The common step, dense to dense with nothing to report: both flags
    // clear, so code is the row offset and one compare ends the run.
    while (code < kReport) {
      if (p == end) return;
      code = dense[code + byte_class[*p++]];
    }
    if ((code & kReport) != 0) {
      const uint32_t state = StateOf(code);
      if (seen[state] != epoch) Report(state, epoch, seen.data(), found);
    }
    if (p == end) return;
    const uint8_t byte = *p++;
    code = (code & kSparse) == 0 ? dense[(code & kPayload) + byte_class[byte]]
                                 : SparseStep(code & kPayload, byte);
  }
}

}  // namespace wildwatch::rules
