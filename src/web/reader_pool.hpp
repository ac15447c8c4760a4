#pragma once
// Read-only connections for the web front's requests: one per request served at once, so a
// slow search holds only its own connection and the crawler's writes (WAL) never wait on
// a reader.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "headlined/store/store.hpp"

namespace headlined::web {

class ReaderPool {
 public:
  static Result<std::unique_ptr<ReaderPool>> open(const std::string& database,
                                                  const std::string& password, int size,
                                                  std::chrono::milliseconds search_budget);

  // A connection for the caller alone until the lease ends; waits while all are in use.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<store::Store> store)
        : pool_(pool), store_(std::move(store)) {}
    ~Lease() { pool_.give_back(std::move(store_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    const store::Store& operator*() const { return *store_; }
    const store::Store* operator->() const { return store_.get(); }

   private:
    ReaderPool& pool_;
    std::unique_ptr<store::Store> store_;
  };
  Lease lease();

 private:
  void give_back(std::unique_ptr<store::Store> store);

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

}  // namespace headlined::web
