#include "headlined/store/article_writer.hpp"

#include <pthread.h>

#include <algorithm>
#include <utility>

namespace headlined::store {

struct ArticleWriter::Coming {
  std::size_t left = 0;  // guarded by the writer's mutex
};

ArticleWriter::ArticleWriter(Store& store, GroupCommitOptions options)
    : store_(store), options_(options), thread_([this] { run(); }) {}

ArticleWriter::~ArticleWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ArticleWriter::submit(ArticleToCommit article, Done done, const ComingPtr& coming) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) oldest_ = std::chrono::steady_clock::now();
    if (coming && coming->left > 0) --coming->left;
    queue_.push_back({std::move(article), std::move(done), coming});
  }
  wake_.notify_all();
}

ArticleWriter::ComingPtr ArticleWriter::expect(std::size_t count) {
  // No lock: no other thread sees it before it is handed to them.
  return std::make_shared<Coming>(Coming{count});
}

void ArticleWriter::gone(const ComingPtr& coming) {
  if (!coming) return;
  {
    std::lock_guard lock(mutex_);
    if (coming->left > 0) --coming->left;
  }
  wake_.notify_all();
}

bool ArticleWriter::more_coming(std::size_t group_size) const {
  const std::size_t n = std::min(queue_.size(), group_size);
  for (std::size_t i = 0; i < n; ++i) {
    if (queue_[i].coming && queue_[i].coming->left > 0) return true;
  }
  return false;
}

GroupCommitStats ArticleWriter::stats() const {
  std::lock_guard lock(mutex_);
  GroupCommitStats out = stats_;
  out.waiting = queue_.size() + committing_;
  return out;
}

void ArticleWriter::run() {
  // Named so `top -H` and the crawl benchmark's per-thread figures can tell it apart.
  pthread_setname_np(pthread_self(), "hl-writer");
  const auto max_group = static_cast<std::size_t>(std::max(1, options_.max_group));
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    // A group is full, or its window is over, or none of its polls has more articles on
    // their way (waiting would only delay these), or the writer stops: commit now.
    wake_.wait_until(lock, oldest_ + options_.window, [&] {
      return stopping_ || queue_.size() >= max_group || !more_coming(max_group);
    });
    std::deque<Pending> group;
    const std::size_t n = std::min(queue_.size(), max_group);
    for (std::size_t i = 0; i < n; ++i) {
      group.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    // The articles left over from a full group start the next window now.
    if (!queue_.empty()) oldest_ = std::chrono::steady_clock::now();
    committing_ = group.size();
    lock.unlock();
    commit(group);
    lock.lock();
  }
}

void ArticleWriter::commit(std::deque<Pending>& group) {
  std::vector<const ArticleToCommit*> articles;
  articles.reserve(group.size());
  for (const Pending& p : group) articles.push_back(&p.article);
  auto outcomes = store_.commit_articles(articles);
  {
    // Counted before anyone hears of the commit, so the figures never lag what was reported.
    std::lock_guard lock(mutex_);
    committing_ = 0;
    ++stats_.groups;
    stats_.articles += group.size();
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    Result<ArticleCommit> outcome =
        outcomes ? (*outcomes)[i] : Result<ArticleCommit>(std::unexpected(outcomes.error()));
    if (group[i].done) group[i].done(group[i].article, outcome);
  }
}

}  // namespace headlined::store
