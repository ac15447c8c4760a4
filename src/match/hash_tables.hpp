#pragma once
// The two flat hash tables of the compiled index: words (and word prefixes) to numbers, and
// trie edges. Open addressing in one array each: with a million subscriptions they hold
// millions of entries, where node-based maps would spend more on pointers than on data.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace headlined::match {

inline constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

// FNV-1a, one byte at a time so a word's prefixes are hashed on the way to its end.
inline constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ULL;
inline std::uint64_t hash_step(std::uint64_t h, unsigned char byte) {
  return (h ^ byte) * 0x100000001b3ULL;
}
inline std::uint64_t hash_string(std::string_view s) {
  std::uint64_t h = kHashSeed;
  for (char c : s) h = hash_step(h, static_cast<unsigned char>(c));
  return h;
}

class StringTable {
 public:
  // The value stored for `key` (whose hash_string is `hash`), or kAbsent.
  std::uint32_t find(std::string_view key, std::uint64_t hash) const;
  std::uint32_t find(std::string_view key) const { return find(key, hash_string(key)); }
  // Stores `value` unless `key` is present; returns the value now stored.
  std::uint32_t insert(std::string_view key, std::uint32_t value);
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const;

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;  // into pool_
    std::uint32_t length = 0;
    std::uint32_t value = kAbsent;  // kAbsent marks an empty slot
  };
  void grow();
  std::vector<Slot> slots_;
  std::string pool_;
  std::size_t size_ = 0;
};

// (node, token) -> child node.
class EdgeTable {
 public:
  std::uint32_t find(std::uint32_t node, std::uint32_t token) const;
  // Adds the edge unless present; returns the child now stored.
  std::uint32_t insert(std::uint32_t node, std::uint32_t token, std::uint32_t child);
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t key = kEmpty;
    std::uint32_t child = 0;
  };
  static constexpr std::uint64_t kEmpty = ~0ULL;
  void grow();
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace headlined::match
