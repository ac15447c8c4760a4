#include "term_index.hpp"

#include "utf8_decode.hpp"

namespace headlined::match {

namespace {

// ASCII without a call: most of the bytes of most articles.
inline char32_t decode(std::string_view text, std::size_t& pos) {
  return decode_utf8(text, pos);
}

inline bool word_char(char32_t cp) {
  return char_class(cp) == CharClass::Word;
}

bool field_accepts(Field pattern_field, Field found_in) {
  if (pattern_field == Field::Any) return found_in == Field::Title || found_in == Field::Body;
  return pattern_field == found_in;
}

}  // namespace

TermIndex::TermIndex() : root_by_code_point_(kRootTableEnd, kAbsent) {
  new_node();  // the root
  // Until finish_building sizes it, the filter lets every prefix through to prefixes_.
  prefix_filter_.assign(1, ~std::uint64_t{0});
  prefix_filter_mask_ = 63;
}

std::uint32_t TermIndex::new_node() {
  nodes_.push_back(Node{});
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

std::uint32_t TermIndex::child(std::uint32_t node, std::uint32_t token) const {
  if (node == 0) {
    if (token < kRootTableEnd) return root_by_code_point_[token];
    if (token >= kWordBase) {
      const std::uint32_t word = token - kWordBase;
      return word < root_by_word_.size() ? root_by_word_[word] : kAbsent;
    }
  }
  return inner_child(node, token);
}

std::uint32_t TermIndex::add_child(std::uint32_t node, std::uint32_t token) {
  std::uint32_t existing = child(node, token);
  if (existing != kAbsent) return existing;
  const std::uint32_t created = new_node();
  if (node == 0 && token < kRootTableEnd) {
    root_by_code_point_[token] = created;
  } else if (node == 0 && token >= kWordBase) {
    root_by_word_.resize(std::max<std::size_t>(root_by_word_.size(), token - kWordBase + 1),
                         kAbsent);
    root_by_word_[token - kWordBase] = created;
  } else {
    edges_.insert(node, token, created);
    nodes_[node].child_bits |= child_bit(token);
  }
  return created;
}

std::uint32_t TermIndex::word_token(std::string_view word) {
  return kWordBase + words_.insert(word, static_cast<std::uint32_t>(words_.size()));
}

std::uint32_t TermIndex::add(const Pattern& pattern, Field field, const std::string& text) {
  std::string key(1, static_cast<char>('0' + static_cast<int>(field)));
  key += pattern.prefix ? '*' : '=';
  for (const std::string& w : pattern.words) (key += w) += '\x1f';
  auto [it, inserted] = ids_by_key_.emplace(std::move(key), static_cast<std::uint32_t>(size()));
  if (!inserted) return it->second;
  const std::uint32_t id = it->second;
  texts_.push_back(text);
  fields_.push_back(field);
  next_at_same_place_.push_back(kAbsent);

  if (pattern.prefix) {
    const std::string& stem = pattern.words.front();
    const std::uint32_t first = prefixes_.insert(stem, id);
    if (first != id) {  // the same stem under another scope: chain behind the first
      std::uint32_t last = first;
      while (next_at_same_place_[last] != kAbsent) last = next_at_same_place_[last];
      next_at_same_place_[last] = id;
    }
    if (first == id) stem_hashes_.push_back(hash_string(stem));
    if (prefix_length_used_.size() <= stem.size()) prefix_length_used_.resize(stem.size() + 1);
    prefix_length_used_[stem.size()] = 1;
    return id;
  }

  std::uint32_t node = 0;
  for (std::size_t w = 0; w < pattern.words.size(); ++w) {
    if (w > 0) {
      if (nodes_[node].separator_child == kAbsent) {
        const std::uint32_t gap = new_node();
        nodes_[node].separator_child = gap;
      }
      node = nodes_[node].separator_child;
    }
    const std::string_view word = pattern.words[w];
    for (std::size_t pos = 0; pos < word.size();) {
      const std::size_t begin = pos;
      const char32_t cp = decode(word, pos);
      if (word_char(cp)) {
        std::size_t end = pos;
        for (std::size_t next = end; end < word.size() && word_char(decode(word, next));)
          end = next;
        node = add_child(node, word_token(word.substr(begin, end - begin)));
        pos = end;
      } else {
        node = add_child(node, cp);
      }
    }
  }
  next_at_same_place_[id] = nodes_[node].first_pattern;
  nodes_[node].first_pattern = id;
  return id;
}

void TermIndex::finish_building() {
  std::unordered_map<std::string, std::uint32_t>().swap(ids_by_key_);
  std::size_t bits = 64;
  while (bits < stem_hashes_.size() * 16) bits *= 2;
  prefix_filter_.assign(bits / 64, 0);
  prefix_filter_mask_ = bits - 1;
  for (std::uint64_t hash : stem_hashes_) {
    const std::uint64_t spread = hash * 0x9E3779B97F4A7C15ULL;
    const std::uint64_t a = (spread >> 40) & prefix_filter_mask_;
    const std::uint64_t b = (spread >> 14) & prefix_filter_mask_;
    prefix_filter_[a >> 6] |= std::uint64_t{1} << (a & 63);
    prefix_filter_[b >> 6] |= std::uint64_t{1} << (b & 63);
  }
  std::vector<std::uint64_t>().swap(stem_hashes_);
}

void TermIndex::report(std::uint32_t first, Field field, std::uint32_t begin, std::uint32_t end,
                       FirstHits& hits) const {
  for (std::uint32_t p = first; p != kAbsent; p = next_at_same_place_[p])
    if (field_accepts(fields_[p], field)) hits.add(TermHit{p, field, begin, end});
}

void FirstHits::insert_at(std::size_t s, const TermHit& hit) {
  slots_[s] = static_cast<std::uint32_t>(hits_.size());
  hits_.push_back(hit);
  if (hits_.size() * 2 > slots_.size()) {
    slots_.assign(slots_.size() * 2, kAbsent);
    for (std::uint32_t i = 0; i < hits_.size(); ++i) {
      std::size_t t = slot_of(hits_[i].pattern);
      while (slots_[t] != kAbsent) t = (t + 1) & mask();
      slots_[t] = i;
    }
  }
}

void TermIndex::scan(std::string_view text, Field field, FirstHits& hits) const {
  // Each pool thread keeps its token and walk buffers from article to article: allocating
  // them anew cost more than filling them.
  thread_local std::vector<TextToken> tokens;
  thread_local std::vector<WalkState> stack;
  tokens.clear();
  stack.clear();
  const bool any_prefix = !prefix_length_used_.empty();
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t begin = pos;
    const char32_t cp = decode(text, pos);
    const CharClass kind = char_class(cp);
    if (kind != CharClass::Word) {
      tokens.push_back({cp, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(pos),
                        kind == CharClass::Separator});
      continue;
    }
    // A word: hash it on the way, trying prefix stems at each character's end.
    std::uint64_t h = kHashSeed;
    std::size_t end = begin;
    for (;;) {
      for (; end < pos; ++end) h = hash_step(h, static_cast<unsigned char>(text[end]));
      const std::size_t length = end - begin;
      if (any_prefix && length < prefix_length_used_.size() && prefix_length_used_[length] &&
          may_be_stem(h)) {
        const std::uint32_t first = prefixes_.find(text.substr(begin, length), h);
        if (first != kAbsent)
          report(first, field, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                 hits);
      }
      if (pos >= text.size()) break;
      std::size_t next = pos;
      if (!word_char(decode(text, next))) break;
      pos = next;
    }
    const std::uint32_t word = words_.find(text.substr(begin, end - begin), h);
    tokens.push_back({word == kAbsent ? kAbsent : kWordBase + word,
                      static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), false});
  }

  // From each token, follow the trie as far as the text goes along it. A phrase gap forks
  // the walk (the gap may also be empty): the walk goes on along the text without a gap and
  // keeps the states after a gap on a small stack for later (the same order as pushing every
  // state, without a push and pop per step; most walks never meet a gap).
  const std::size_t n = tokens.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (tokens[i].id == kAbsent) continue;
    std::uint32_t node = child(0, tokens[i].id);
    if (node == kAbsent) continue;
    std::size_t next = i + 1;
    for (;;) {
      const Node& here = nodes_[node];
      if (here.first_pattern != kAbsent)
        report(here.first_pattern, field, tokens[i].begin, tokens[next - 1].end, hits);
      if (here.separator_child != kAbsent) {
        std::size_t k = next;
        while (k < n && tokens[k].separator) ++k;
        if (k < n && tokens[k].id != kAbsent) {
          const std::uint32_t after_gap = inner_child(here.separator_child, tokens[k].id);
          if (after_gap != kAbsent) stack.push_back({after_gap, k + 1});
        }
      }
      if (next < n && tokens[next].id != kAbsent) {
        const std::uint32_t c = inner_child(node, tokens[next].id);
        if (c != kAbsent) {
          node = c;
          ++next;
          continue;
        }
      }
      if (stack.empty()) break;
      node = stack.back().node;
      next = stack.back().next;
      stack.pop_back();
    }
  }
  // An outsize text's buffers are not kept for the rest of the thread's life.
  constexpr std::size_t kKeptTokens = 1 << 16;
  if (tokens.capacity() > kKeptTokens) std::vector<TextToken>().swap(tokens);
}

std::size_t TermIndex::memory_bytes() const {
  std::size_t bytes = edges_.memory_bytes() + words_.memory_bytes() + prefixes_.memory_bytes();
  bytes +=
      nodes_.capacity() * sizeof(Node) +
      (root_by_code_point_.capacity() + root_by_word_.capacity() + next_at_same_place_.capacity()) *
          sizeof(std::uint32_t);
  bytes += fields_.capacity() + prefix_length_used_.capacity() +
           prefix_filter_.capacity() * sizeof(std::uint64_t);
  for (const std::string& t : texts_) bytes += sizeof(std::string) + (t.size() > 15 ? t.size() : 0);
  return bytes;
}

}  // namespace headlined::match
