#include "reader_pool.hpp"

namespace headlined::web {

Result<std::unique_ptr<ReaderPool>> ReaderPool::open(const std::string& database,
                                                     const std::string& password, int size,
                                                     std::chrono::milliseconds search_budget) {
  auto pool = std::make_unique<ReaderPool>();
  for (int i = 0; i < std::max(1, size); ++i) {
    auto store = store::Store::open_read_only(database, password);
    if (!store) return std::unexpected(store.error());
    (*store)->set_search_budget(search_budget);
    pool->idle_.push_back(std::move(*store));
  }
  return pool;
}

ReaderPool::Lease ReaderPool::lease() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty(); });
  auto store = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(store));
}

void ReaderPool::give_back(std::unique_ptr<store::Store> store) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(store));
  }
  returned_.notify_one();
}

}  // namespace headlined::web
