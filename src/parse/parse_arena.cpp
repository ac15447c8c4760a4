#include "parse_arena.hpp"

#include <algorithm>

namespace headlined::parse::detail {

namespace {

constexpr std::size_t kAlign = alignof(std::max_align_t);
// Below glibc's mmap threshold (128 KiB), so blocks come from the heap and the next document
// reuses them, instead of fresh pages from the kernel (page faults) for every document.
constexpr std::size_t kMaxBlock = 64 * 1024;

}  // namespace

void* ParseArena::allocate(std::size_t size) {
  size = (std::max<std::size_t>(size, 1) + kAlign - 1) & ~(kAlign - 1);
  if (size > left_) {
    // A request larger than a block (a long text node's buffer) gets a block of its own,
    // so the current block's rest stays usable.
    if (size > block_size_ / 4) {
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
      return blocks_.back().get();
    }
    blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(block_size_));
    next_ = blocks_.back().get();
    left_ = block_size_;
    block_size_ = std::min(block_size_ * 2, kMaxBlock);
  }
  void* out = next_;
  next_ += size;
  left_ -= size;
  return out;
}

void* ParseArena::gumbo_allocate(void* arena, std::size_t size) {
  return static_cast<ParseArena*>(arena)->allocate(size);
}

void ParseArena::gumbo_deallocate(void*, void*) {}

}  // namespace headlined::parse::detail
