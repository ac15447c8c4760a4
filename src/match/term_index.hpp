#pragma once
// Every distinct term of every subscription in one structure, found in one pass over an
// article's normalised text.
//
// The text is cut into tokens: a run of word characters (Latin, Greek, Cyrillic letters and
// digits) is one token, every other character is a token of its own. The term rules line up
// with these tokens: a Latin edge of a term must sit on a word boundary, so a term is a
// sequence of whole tokens; a CJK character may start or end a term anywhere, and it is a
// token by itself. So terms live in a trie over tokens, and the scan tries the trie at each
// token: words cost one hash lookup, CJK characters an array index at the root. A phrase's
// gap ("any run of white space or punctuation") is a separator edge that skips such tokens.
// Prefix wildcards (econom*) are looked up by the prefixes of each text word.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hash_tables.hpp"
#include "headlined/match/query.hpp"
#include "pattern.hpp"

namespace headlined::match {

struct TermHit {
  std::uint32_t pattern = 0;
  Field field = Field::Any;  // where it was found: Title, Body, Source or Author
  std::uint32_t begin = 0;   // byte range in that field's normalised text
  std::uint32_t end = 0;
};

// The first hit of each pattern in an article, in a small open-addressing table: a common
// word is found many times, and evaluation asks for every term of every candidate.
class FirstHits {
 public:
  FirstHits() : slots_(64, kAbsent) {}
  // Keeps the hit unless its pattern already has one (hits come in text order). Inline: a
  // common word hits many times per article, and all but its first hit stop at the probe.
  void add(const TermHit& hit) {
    for (std::size_t s = slot_of(hit.pattern);; s = (s + 1) & mask()) {
      if (slots_[s] == kAbsent) return insert_at(s, hit);
      if (hits_[slots_[s]].pattern == hit.pattern) return;
    }
  }
  const TermHit* find(std::uint32_t pattern) const {
    for (std::size_t s = slot_of(pattern); slots_[s] != kAbsent; s = (s + 1) & mask())
      if (hits_[slots_[s]].pattern == pattern) return &hits_[slots_[s]];
    return nullptr;
  }
  const std::vector<TermHit>& hits() const { return hits_; }

 private:
  void insert_at(std::size_t slot, const TermHit& hit);  // the pattern's first hit
  std::size_t mask() const { return slots_.size() - 1; }
  std::size_t slot_of(std::uint32_t pattern) const { return (pattern * 0x9E3779B1u) & mask(); }
  std::vector<std::uint32_t> slots_;  // index into hits_, or kAbsent
  std::vector<TermHit> hits_;
};

class TermIndex {
 public:
  TermIndex();

  // The id of the pattern (scoped to `field`), added unless an identical one is present.
  // `text` is what a hit reports.
  std::uint32_t add(const Pattern& pattern, Field field, const std::string& text);
  // Frees what only adding needs.
  void finish_building();

  // Appends every hit of a pattern in `normalized`, the article's text for `field`.
  void scan(std::string_view normalized, Field field, FirstHits& hits) const;

  std::size_t size() const { return texts_.size(); }
  const std::string& text(std::uint32_t pattern) const { return texts_[pattern]; }
  std::size_t memory_bytes() const;

 private:
  struct TextToken {
    std::uint32_t id;
    std::uint32_t begin;
    std::uint32_t end;
    bool separator;
  };
  struct WalkState {
    std::uint32_t node;
    std::size_t next;  // the token to follow next
  };
  static constexpr std::uint32_t kWordBase = 0x110000;  // word ids follow the code points
  static constexpr char32_t kRootTableEnd = 0x30000;

  std::uint32_t child(std::uint32_t node, std::uint32_t token) const;
  // As child() for a node other than the root (the walk's every step after its first).
  std::uint32_t inner_child(std::uint32_t node, std::uint32_t token) const {
    if (!(nodes_[node].child_bits & child_bit(token))) return kAbsent;
    return edges_.find(node, token);
  }
  std::uint32_t add_child(std::uint32_t node, std::uint32_t token);
  std::uint32_t new_node();
  std::uint32_t word_token(std::string_view word);
  void report(std::uint32_t first, Field field, std::uint32_t begin, std::uint32_t end,
              FirstHits& hits) const;

  // Patterns: what a hit reports, their scope, and the next pattern ending at the same
  // trie node (or sharing the same prefix stem).
  std::vector<std::string> texts_;
  std::vector<Field> fields_;
  std::vector<std::uint32_t> next_at_same_place_;

  // The trie. Node 0 is the root; its children sit in arrays, the rest in `edges_`.
  // Per node, side by side so the walk reads them with one cache line.
  struct Node {
    std::uint32_t first_pattern = kAbsent;    // the first pattern ending there
    std::uint32_t separator_child = kAbsent;  // where a phrase gap leads
    // A bit per child token (child_bit): a token whose bit is clear has no edge here, so
    // most walks end without probing the edge table, whose probes miss the cache.
    std::uint64_t child_bits = 0;
  };
  static std::uint64_t child_bit(std::uint32_t token) {
    return std::uint64_t{1} << ((token * 0x9E3779B1u) >> 26);
  }
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> root_by_code_point_;
  std::vector<std::uint32_t> root_by_word_;
  EdgeTable edges_;
  StringTable words_;  // word -> word number (its token is kWordBase + number)

  // Prefix wildcards: stem -> first pattern; which stem lengths (bytes) occur.
  StringTable prefixes_;
  std::vector<char> prefix_length_used_;
  // A Bloom filter over the stems' hashes (two bits each, about 16 bits per stem): the scan
  // tries every prefix of every text word of a used length, and most are no stem, so they
  // stop here instead of probing prefixes_ (a cache miss in a table of many megabytes).
  std::vector<std::uint64_t> prefix_filter_;
  std::uint64_t prefix_filter_mask_ = 0;  // bits in the filter - 1
  bool may_be_stem(std::uint64_t hash) const {
    const std::uint64_t spread = hash * 0x9E3779B97F4A7C15ULL;
    const std::uint64_t a = (spread >> 40) & prefix_filter_mask_;
    const std::uint64_t b = (spread >> 14) & prefix_filter_mask_;
    return (prefix_filter_[a >> 6] >> (a & 63) & 1) && (prefix_filter_[b >> 6] >> (b & 63) & 1);
  }
  std::vector<std::uint64_t> stem_hashes_;  // only while adding

  std::unordered_map<std::string, std::uint32_t> ids_by_key_;  // only while adding
};

}  // namespace headlined::match
