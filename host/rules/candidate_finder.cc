#include "host/rules/candidate_finder.h"

#include <utf8proc.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <string>
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

}  // namespace

CandidateFinder::CandidateFinder(const PatternPool* pool, int64_t max_mem)
    : pool_(pool), max_mem_(max_mem), filter_(kMinAtomLength) {}

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
  // FilteredRE2 compiles each pattern again to derive its atoms; its own
  // regexes are never run (the pool's are), so only their programs cost.
  const RE2::Options options = PatternPool::Options(max_mem_);
  for (size_t i = 0; i < ids_.size(); ++i) {
    int index;
    if (filter_.Add(pool_->pattern(ids_[i]), options, &index) != RE2::NoError) {
      return InternalError("pattern '" + pool_->pattern(ids_[i]) +
                           "' rejected by the prefilter");
    }
    assert(index == static_cast<int>(i));
  }
  stats_.patterns = ids_.size();
  compiled_ = true;
  // FilteredRE2 refuses to compile (and to filter) an empty set.
  if (ids_.empty()) return OkStatus();

  std::vector<std::string> atoms;
  filter_.Compile(&atoms);
  std::vector<std::string> literals(atoms.size());
  for (size_t i = 0; i < atoms.size(); ++i) {
    bool unknown;
    FoldNonAscii(atoms[i], &literals[i], &unknown);
    if (unknown) always_present_.push_back(static_cast<int>(i));
  }
  scanner_ = LiteralScanner(literals);

  // With no atom found, FilteredRE2 passes exactly the patterns it cannot
  // filter.
  std::vector<int> unfiltered;
  filter_.AllPotentials({}, &unfiltered);
  unfiltered_.assign(ids_.size(), false);
  std::vector<std::vector<int>> groups;
  int group_size = kShardProgramSize;
  for (int index : unfiltered) {
    unfiltered_[index] = true;
    const int size = filter_.GetRE2(index).ProgramSize();
    if (group_size + size > kShardProgramSize && group_size > 0) {
      groups.emplace_back();
      group_size = 0;
    }
    groups.back().push_back(ids_[index]);
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
  stats_.unfiltered = unfiltered.size();
  stats_.atoms = atoms.size();
  stats_.shards = shards_.size();
  stats_.scanner_states = scanner_.state_count();
  stats_.scanner_bytes = scanner_.memory_bytes();
  return OkStatus();
}

void CandidateFinder::Find(std::string_view text, std::vector<int>* ids) const {
  Find(text, TextCase::kAsIs, ids);
}

void CandidateFinder::Find(std::string_view text, TextCase text_case,
                           std::vector<int>* ids) const {
  assert(compiled_);
  ids->clear();
  if (ids_.empty()) return;
  thread_local std::string folded;
  thread_local std::vector<int> atoms;
  thread_local std::vector<int> potentials;
  std::string_view scanned = text;
  if (text_case == TextCase::kAsIs ? HasNonAscii(text) : MayNeedFolding(text)) {
    FoldNonAscii(text, &folded);
    scanned = folded;
  }
  scanner_.Scan(scanned, &atoms);
  // FilteredRE2 counts each atom once, so one found and assumed is fine.
  atoms.insert(atoms.end(), always_present_.begin(), always_present_.end());
  if (!atoms.empty()) {
    filter_.AllPotentials(atoms, &potentials);
    for (int index : potentials) {
      if (!unfiltered_[index] && pool_->Matches(ids_[index], text)) {
        ids->push_back(ids_[index]);
      }
    }
  }
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
