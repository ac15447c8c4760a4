#pragma once
// The one thread that writes articles: group commit. Articles handed in within a short window
// (up to `max_group` articles, or `window` after the first, whichever comes first) share one
// transaction and one sync (synchronous=FULL, as every write), instead of paying a sync each.
// The window is for the rest of a poll's articles, still on their way (being fetched,
// extracted and matched): a group none of whose polls has more to come commits at once, so
// an article that comes alone is not held for others that are not coming.
// An article counts as stored only once its group has committed: `done` is called then (on
// the writer thread), never before. A crash before the commit loses the whole group, and the
// collector fetches those articles again on its next poll, as it would any not yet stored.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "headlined/store/store.hpp"

namespace headlined::store {

struct GroupCommitOptions {
  int max_group = 64;
  std::chrono::milliseconds window{50};
};

// Counters for the metrics, read from any thread.
struct GroupCommitStats {
  std::uint64_t groups = 0;
  std::uint64_t articles = 0;
  // Handed in and not yet committed (queued, or in the transaction under way).
  std::uint64_t waiting = 0;
};

class ArticleWriter {
 public:
  // Called once per article with its outcome, on the writer thread, after the commit.
  using Done = std::function<void(ArticleToCommit&, const Result<ArticleCommit>&)>;

  // The articles one poll (or push) will still hand in: made by expect() with their number,
  // counted down by each submit() under it and by each gone(). Null: nothing more to come.
  // Opaque: only the writer reads or changes the count, under its mutex.
  struct Coming;
  using ComingPtr = std::shared_ptr<Coming>;

  ArticleWriter(Store& store, GroupCommitOptions options);
  // Commits what was handed in (without waiting out the window) and ends the thread.
  ~ArticleWriter();
  ArticleWriter(const ArticleWriter&) = delete;
  ArticleWriter& operator=(const ArticleWriter&) = delete;

  // `coming`: the poll the article belongs to (see expect()); one less is on its way.
  void submit(ArticleToCommit article, Done done, const ComingPtr& coming = nullptr);
  // A poll will hand in `count` articles: a group holding one of them waits for the rest,
  // up to the window.
  ComingPtr expect(std::size_t count);
  // One article of `coming` will not come (its page could not be fetched or read).
  void gone(const ComingPtr& coming);
  GroupCommitStats stats() const;

 private:
  struct Pending {
    ArticleToCommit article;
    Done done;
    ComingPtr coming;
  };
  void run();
  // True when an article in the next group belongs to a poll with more on its way.
  bool more_coming(std::size_t group_size) const;
  void commit(std::deque<Pending>& group);

  Store& store_;
  const GroupCommitOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  // When the oldest article in the queue arrived: its group commits `window` after.
  std::chrono::steady_clock::time_point oldest_;
  bool stopping_ = false;
  std::size_t committing_ = 0;  // the size of the group being committed
  GroupCommitStats stats_;
  std::thread thread_;  // last: starts once the rest is set up
};

}  // namespace headlined::store
