#include "hash_tables.hpp"

namespace headlined::match {

namespace {

// Spreads FNV's weak low bits and the edge keys' structure over the whole word.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

}  // namespace

std::uint32_t StringTable::find(std::string_view key, std::uint64_t hash) const {
  if (slots_.empty()) return kAbsent;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = mix(hash) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.value == kAbsent) return kAbsent;
    if (s.hash == hash && s.length == key.size() &&
        std::string_view(pool_).substr(s.offset, s.length) == key)
      return s.value;
  }
}

std::uint32_t StringTable::insert(std::string_view key, std::uint32_t value) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t hash = hash_string(key);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = mix(hash) & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.value == kAbsent) {
      s = Slot{hash, static_cast<std::uint32_t>(pool_.size()),
               static_cast<std::uint32_t>(key.size()), value};
      pool_.append(key);
      ++size_;
      return value;
    }
    if (s.hash == hash && s.length == key.size() &&
        std::string_view(pool_).substr(s.offset, s.length) == key)
      return s.value;
  }
}

void StringTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.value == kAbsent) continue;
    std::size_t i = mix(s.hash) & mask;
    while (slots_[i].value != kAbsent) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

std::size_t StringTable::memory_bytes() const {
  return slots_.capacity() * sizeof(Slot) + pool_.capacity();
}

std::uint32_t EdgeTable::find(std::uint32_t node, std::uint32_t token) const {
  if (slots_.empty()) return kAbsent;
  const std::uint64_t key = (std::uint64_t{node} << 32) | token;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.key == key) return s.child;
    if (s.key == kEmpty) return kAbsent;
  }
}

std::uint32_t EdgeTable::insert(std::uint32_t node, std::uint32_t token, std::uint32_t child) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t key = (std::uint64_t{node} << 32) | token;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.key == key) return s.child;
    if (s.key == kEmpty) {
      s = Slot{key, child};
      ++size_;
      return child;
    }
  }
}

void EdgeTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.key == kEmpty) continue;
    std::size_t i = mix(s.key) & mask;
    while (slots_[i].key != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace headlined::match
