#include "host/rules/candidate_finder.h"

#include <re2/filtered_re2.h>
#include <utf8proc.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wildwatch::rules {

namespace {

bool HasNonAscii(std::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  uint64_t bits = 0;
  for (; n >= sizeof(uint64_t); p += sizeof(uint64_t), n -= sizeof(uint64_t)) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    bits |= word;
  }
  for (; n > 0; ++p, --n) bits |= static_cast<unsigned char>(*p);
  return (bits & 0x8080808080808080ULL) != 0;
}

// One representative per case: RE2 treats a character and every character
// in its simple case-folding orbit as equal (K, k and the Kelvin sign; Σ, σ
// and ς), and upper-casing then lower-casing sends a whole orbit to one
// character. FilteredRE2 lower-cases its atoms, which this maps the same way.
utf8proc_int32_t CaseRepresentative(utf8proc_int32_t c) {
  // The three property lookups cost more than the rest of the candidate
  // stage on non-Latin text, so the Basic Multilingual Plane, where nearly
  // all text lives, is looked up in a table built once.
  static const std::vector<uint16_t>* const kBmp = [] {
    auto* table = new std::vector<uint16_t>(0x10000);
    for (utf8proc_int32_t cp = 0; cp < 0x10000; ++cp) {
      const utf8proc_int32_t folded = utf8proc_tolower(utf8proc_toupper(cp));
      // 0: the representative is outside the plane (none is today).
      (*table)[cp] = folded < 0x10000 ? static_cast<uint16_t>(folded) : 0;
    }
    return table;
  }();
  if (c < 0x10000 && (*kBmp)[c] != 0) return (*kBmp)[c];
  return utf8proc_tolower(utf8proc_toupper(c));
}

// Whether case-folded text (full Unicode case folding, as Normalize does)
// may still have characters that CaseRepresentative changes. Of the
// characters that case folding leaves alone, it changes only dotless i
// (U+0131, to i) and the Cherokee capitals U+13A0-U+13F5 (case folding
// goes to the capitals, the representative to the small letters);
// candidate_finder_test checks this over every code point.
bool MayNeedFolding(std::string_view text) {
  // One memchr pass per lead byte: far faster than one pass testing both.
  const auto follows = [text](char lead, uint8_t low, uint8_t high) {
    for (size_t i = text.find(lead); i != std::string_view::npos;
         i = text.find(lead, i + 1)) {
      if (i + 1 == text.size()) break;
      const auto next = static_cast<uint8_t>(text[i + 1]);
      if (next >= low && next <= high) return true;
    }
    return false;
  };
  return follows('\xC4', 0xB1, 0xB1) || follows('\xE1', 0x8E, 0x8F);
}

// Writes text to *out with every non-ASCII character replaced by its case
// representative; ASCII is left alone because the scanner folds it. Bytes
// that are not valid UTF-8 are copied as they are: no pattern character
// can match them. If unknown is not null, *unknown tells whether text has
// a character utf8proc's tables do not know.
void FoldNonAscii(std::string_view text, std::string* out,
                  bool* unknown = nullptr) {
  out->clear();
  out->reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const size_t n = text.size();
  bool known = true;
  for (size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      out->push_back(static_cast<char>(p[i++]));
      continue;
    }
    utf8proc_int32_t c;
    const utf8proc_ssize_t length =
        utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(n - i), &c);
    if (length <= 0) {
      out->push_back(static_cast<char>(p[i++]));
      continue;
    }
    if (unknown != nullptr && utf8proc_category(c) == UTF8PROC_CATEGORY_CN) {
      known = false;
    }
    const utf8proc_int32_t folded = CaseRepresentative(c);
    if (folded == c) {
      out->append(text.substr(i, static_cast<size_t>(length)));
    } else {
      utf8proc_uint8_t buffer[4];
      const utf8proc_ssize_t written = utf8proc_encode_char(folded, buffer);
      out->append(reinterpret_cast<const char*>(buffer),
                  static_cast<size_t>(written));
    }
    i += static_cast<size_t>(length);
  }
  if (unknown != nullptr) *unknown = !known;
}

// One pattern's prefilter, FilteredRE2's AND/OR condition on its atoms,
// asked one set of present atoms at a time.
class PatternCondition {
 public:
  explicit PatternCondition(int min_atom_length) : filter_(min_atom_length) {}

  // Derives the condition of pattern; on success fills atoms() (lower
  // case, as FilteredRE2 gives them) and returns true.
  bool Compile(const std::string& pattern, const RE2::Options& options) {
    int index;
    if (filter_.Add(pattern, options, &index) != RE2::NoError) return false;
    filter_.Compile(&atoms_);
    return true;
  }

  const std::vector<std::string>& atoms() const { return atoms_; }
  int program_size() const { return filter_.GetRE2(0).ProgramSize(); }

  // Whether the pattern may match a text holding exactly these atoms.
  bool Passes(const std::vector<int>& present) const {
    filter_.AllPotentials(present, &potentials_);
    return !potentials_.empty();
  }

  // A local term: every atom of all, and one of any unless it is empty.
  struct Term {
    std::vector<int> all;
    std::vector<int> any;
  };

  // Appends to *terms terms whose union is the condition restricted to
  // texts holding every atom of all, and of the other atoms only some of
  // free: exact while *terms has fewer than max_terms, looser after.
  // REQUIRES: Passes(all + free); free ordered by increasing selectivity.
  void Decompose(std::vector<int> all, std::vector<int> free, size_t max_terms,
                 std::vector<Term>* terms) const {
    if (!Passes(all)) {
      // An atom without which the rest cannot pass is required.
      for (size_t i = 0; i < free.size();) {
        std::vector<int> without = all;
        for (size_t j = 0; j < free.size(); ++j) {
          if (j != i) without.push_back(free[j]);
        }
        if (Passes(without)) {
          ++i;
        } else {
          all.push_back(free[i]);
          free.erase(free.begin() + static_cast<std::ptrdiff_t>(i));
        }
      }
    }
    if (Passes(all)) {
      terms->push_back({std::move(all), {}});
      return;
    }
    if (terms->size() + 1 >= max_terms) {
      terms->push_back({std::move(all), std::move(free)});
      return;
    }
    // Some atom of free is needed, and none in particular (a single one
    // would have been required): split on the most selective, with it and
    // without it.
    const int split = free.back();
    free.pop_back();
    std::vector<int> with_split = all;
    with_split.push_back(split);
    Decompose(std::move(with_split), free, max_terms, terms);
    std::vector<int> rest = all;
    rest.insert(rest.end(), free.begin(), free.end());
    if (Passes(rest)) {
      Decompose(std::move(all), std::move(free), max_terms, terms);
    }
  }

  // Drops the terms that imply another: the split in Decompose finds
  // "tiger bone" both with and without "carving".
  static void DropImplied(std::vector<Term>* terms) {
    for (Term& term : *terms) std::sort(term.all.begin(), term.all.end());
    const auto implies = [](const Term& a, const Term& b) {
      return b.any.empty() && std::includes(a.all.begin(), a.all.end(),
                                            b.all.begin(), b.all.end());
    };
    std::vector<bool> implied(terms->size(), false);
    for (size_t i = 0; i < terms->size(); ++i) {
      for (size_t j = 0; j < terms->size() && !implied[i]; ++j) {
        // Of two equal terms, the first is kept.
        implied[i] = j != i && implies((*terms)[i], (*terms)[j]) &&
                     (j < i || !implies((*terms)[j], (*terms)[i]));
      }
    }
    std::vector<Term> kept;
    for (size_t i = 0; i < terms->size(); ++i) {
      if (!implied[i]) kept.push_back(std::move((*terms)[i]));
    }
    *terms = std::move(kept);
  }

 private:
  re2::FilteredRE2 filter_;
  std::vector<std::string> atoms_;
  mutable std::vector<int> potentials_;
};

// Per-thread scratch of Find: marks by epoch, so that a new call clears
// every mark by bumping the epoch.
struct FindScratch {
  std::string folded;
  std::vector<int> atoms;
  std::vector<uint32_t> present;    // By atom id.
  std::vector<uint32_t> candidate;  // By pattern index.
  uint32_t epoch = 0;

  // Starts a call over atom_count atoms and pattern_count patterns.
  void Begin(size_t atom_count, size_t pattern_count) {
    if (present.size() < atom_count) present.resize(atom_count, 0);
    if (candidate.size() < pattern_count) candidate.resize(pattern_count, 0);
    if (++epoch == 0) {
      std::fill(present.begin(), present.end(), 0);
      std::fill(candidate.begin(), candidate.end(), 0);
      epoch = 1;
    }
  }
};

}  // namespace

CandidateFinder::CandidateFinder(const PatternPool* pool, int64_t max_mem)
    : pool_(pool), max_mem_(max_mem) {}

CandidateFinder::~CandidateFinder() = default;

void CandidateFinder::Add(int id) {
  assert(!compiled_);
  if (static_cast<size_t>(id) >= added_.size()) added_.resize(id + 1, false);
  if (added_[id]) return;
  added_[id] = true;
  ids_.push_back(id);
}

Status CandidateFinder::Compile() {
  assert(!compiled_);
  compiled_ = true;
  stats_.patterns = ids_.size();
  // Each pattern is compiled once more to derive its condition; that RE2
  // is never run (the pool's is) and is freed at once.
  const RE2::Options options = PatternPool::Options(max_mem_);
  std::vector<std::string> literals;  // By atom id, case folded.
  std::unordered_map<std::string, uint32_t> atom_ids;
  std::vector<bool> always_present;             // By atom id.
  std::vector<std::pair<int, int>> unfiltered;  // (pool id, program size).
  std::string folded;
  for (size_t index = 0; index < ids_.size(); ++index) {
    const std::string& pattern = pool_->pattern(ids_[index]);
    PatternCondition condition(kMinAtomLength);
    if (!condition.Compile(pattern, options)) {
      return InternalError("pattern '" + pattern +
                           "' rejected by the prefilter");
    }
    // Local atom -> atom id; equal after folding means found together.
    const std::vector<std::string>& atoms = condition.atoms();
    std::vector<uint32_t> global(atoms.size());
    for (size_t i = 0; i < atoms.size(); ++i) {
      bool unknown;
      FoldNonAscii(atoms[i], &folded, &unknown);
      const auto [it, inserted] =
          atom_ids.emplace(folded, static_cast<uint32_t>(literals.size()));
      if (inserted) {
        literals.push_back(folded);
        always_present.push_back(unknown);
      }
      global[i] = it->second;
    }
    std::vector<PatternCondition::Term> local;
    if (!condition.Passes({})) {
      // Longer atoms are rarer: split on them first, key terms by them.
      std::vector<int> free(atoms.size());
      std::iota(free.begin(), free.end(), 0);
      std::stable_sort(free.begin(), free.end(), [&](int a, int b) {
        return literals[global[a]].size() < literals[global[b]].size();
      });
      // A condition that no atoms satisfy (a pattern that matches nothing)
      // leaves no term.
      if (condition.Passes(free)) {
        condition.Decompose({}, std::move(free), kMaxTerms, &local);
        PatternCondition::DropImplied(&local);
      }
    }
    // An atom taken as present constrains nothing: it leaves its term's
    // all, and makes its any hold.
    const auto known = [&](int atom) { return !always_present[global[atom]]; };
    bool always = local.empty() && condition.Passes({});
    for (PatternCondition::Term& term : local) {
      if (!std::all_of(term.any.begin(), term.any.end(), known)) {
        term.any.clear();
      }
      std::erase_if(term.all, [&](int atom) { return !known(atom); });
      always = always || (term.all.empty() && term.any.empty());
    }
    if (always) {
      unfiltered.emplace_back(ids_[index], condition.program_size());
      continue;
    }
    for (PatternCondition::Term& term : local) {
      // The longest atom of all, the likeliest to be rare, keys the term;
      // it goes last.
      const auto longest =
          std::max_element(term.all.begin(), term.all.end(), [&](int a, int b) {
            return literals[global[a]].size() < literals[global[b]].size();
          });
      if (longest != term.all.end()) {
        std::iter_swap(longest, term.all.end() - 1);
      }
      Term& out = terms_.emplace_back();
      out.index = static_cast<uint32_t>(index);
      out.begin = static_cast<uint32_t>(term_atoms_.size());
      for (int atom : term.all) term_atoms_.push_back(global[atom]);
      out.any = static_cast<uint32_t>(term_atoms_.size());
      for (int atom : term.any) term_atoms_.push_back(global[atom]);
      out.end = static_cast<uint32_t>(term_atoms_.size());
    }
  }

  IndexTriggers(literals.size());
  scanner_ = LiteralScanner(literals);

  if (Status status = BuildShards(unfiltered); !status.ok()) return status;
  stats_.unfiltered = unfiltered.size();
  stats_.atoms = literals.size();
  stats_.terms = terms_.size();
  stats_.shards = shards_.size();
  stats_.scanner_states = scanner_.state_count();
  stats_.scanner_bytes = scanner_.memory_bytes();
  return OkStatus();
}

void CandidateFinder::IndexTriggers(size_t atom_count) {
  // Terms by the atoms that trigger them: the last of all, or every one of
  // any when all is empty.
  trigger_begin_.assign(atom_count + 1, 0);
  const auto for_each_key = [&](const auto& visit) {
    for (uint32_t t = 0; t < terms_.size(); ++t) {
      const Term& term = terms_[t];
      if (term.begin != term.any) {
        visit(term_atoms_[term.any - 1], t);
      } else {
        for (uint32_t i = term.any; i < term.end; ++i) visit(term_atoms_[i], t);
      }
    }
  };
  for_each_key([&](uint32_t atom, uint32_t) { ++trigger_begin_[atom + 1]; });
  std::partial_sum(trigger_begin_.begin(), trigger_begin_.end(),
                   trigger_begin_.begin());
  triggers_.resize(trigger_begin_.back());
  {
    std::vector<uint32_t> next(trigger_begin_.begin(),
                               trigger_begin_.end() - 1);
    for_each_key(
        [&](uint32_t atom, uint32_t t) { triggers_[next[atom]++] = t; });
  }
}

Status CandidateFinder::BuildShards(
    const std::vector<std::pair<int, int>>& unfiltered) {
  std::vector<std::vector<int>> groups;
  int group_size = kShardProgramSize;
  for (const auto& [id, size] : unfiltered) {
    if (group_size + size > kShardProgramSize && group_size > 0) {
      groups.emplace_back();
      group_size = 0;
    }
    groups.back().push_back(id);
    group_size += size;
  }
  if (!groups.empty()) {
    const int64_t shard_mem = max_mem_ / static_cast<int64_t>(groups.size());
    for (std::vector<int>& group : groups) {
      Shard& shard = shards_.emplace_back();
      shard.set = std::make_unique<RE2::Set>(PatternPool::Options(shard_mem),
                                             RE2::UNANCHORED);
      for (int id : group) {
        std::string error;
        if (shard.set->Add(pool_->pattern(id), &error) < 0) {
          return InternalError("pattern '" + pool_->pattern(id) +
                               "' rejected by the combined matcher: " + error);
        }
      }
      if (!shard.set->Compile()) {
        return ResourceExhaustedError(
            std::to_string(unfiltered.size()) +
            " patterns without a literal of " + std::to_string(kMinAtomLength) +
            " bytes do not fit in the combined matcher's memory budget; "
            "give them literal words or raise max_candidate_mem");
      }
      shard.ids = std::move(group);
    }
  }
  return OkStatus();
}

void CandidateFinder::Find(std::string_view text, std::vector<int>* ids) const {
  Find(text, TextCase::kAsIs, ids);
}

bool CandidateFinder::Holds(const Term& term, const uint32_t* present,
                            uint32_t epoch) const {
  for (uint32_t i = term.begin; i < term.any; ++i) {
    if (present[term_atoms_[i]] != epoch) return false;
  }
  if (term.any == term.end) return true;
  for (uint32_t i = term.any; i < term.end; ++i) {
    if (present[term_atoms_[i]] == epoch) return true;
  }
  return false;
}

void CandidateFinder::Find(std::string_view text, TextCase text_case,
                           std::vector<int>* ids, FindCounts* counts) const {
  assert(compiled_);
  ids->clear();
  if (counts != nullptr) *counts = FindCounts();
  if (ids_.empty()) return;
  thread_local FindScratch scratch;
  std::string_view scanned = text;
  if (text_case == TextCase::kAsIs ? HasNonAscii(text) : MayNeedFolding(text)) {
    FoldNonAscii(text, &scratch.folded);
    scanned = scratch.folded;
  }
  scanner_.Scan(scanned, &scratch.atoms);
  size_t confirmed = 0;
  if (!scratch.atoms.empty()) {
    scratch.Begin(trigger_begin_.size() - 1, ids_.size());
    const uint32_t epoch = scratch.epoch;
    uint32_t* const present = scratch.present.data();
    uint32_t* const candidate = scratch.candidate.data();
    for (int atom : scratch.atoms) present[atom] = epoch;
    for (int atom : scratch.atoms) {
      for (uint32_t i = trigger_begin_[atom]; i < trigger_begin_[atom + 1];
           ++i) {
        const Term& term = terms_[triggers_[i]];
        if (candidate[term.index] == epoch || !Holds(term, present, epoch)) {
          continue;
        }
        candidate[term.index] = epoch;
        ++confirmed;
        const int id = ids_[term.index];
        if (pool_->Matches(id, text)) ids->push_back(id);
      }
    }
  }
  if (counts != nullptr) *counts = {scratch.atoms.size(), confirmed};
  FindUnfiltered(text, ids);
  std::sort(ids->begin(), ids->end());
}

void CandidateFinder::FindUnfiltered(std::string_view text,
                                     std::vector<int>* ids) const {
  const re2::StringPiece piece(text.data(), text.size());
  std::vector<int> indices;
  for (const Shard& shard : shards_) {
    RE2::Set::ErrorInfo error;
    if (shard.set->Match(piece, &indices, &error)) {
      for (int index : indices) ids->push_back(shard.ids[index]);
    } else if (error.kind != RE2::Set::kNoError) {
      // Out of DFA memory on this text (the only runtime failure once
      // compiled): answer exactly, one pattern at a time.
      for (int id : shard.ids) {
        if (pool_->Matches(id, text)) ids->push_back(id);
      }
    }
  }
}

}  // namespace wildwatch::rules
