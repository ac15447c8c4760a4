#include "search_candidates.hpp"

#include <algorithm>
#include <functional>

namespace headlined::store {

IndexCandidates::IndexCandidates(sqlite3* db, const std::string& match) {
  // Counted only as far as the choice needs: a full count of a common word's matches costs
  // as much as reading them.
  Statement count(db,
                  "SELECT count(*) FROM (SELECT rowid FROM snapshots_fts WHERE snapshots_fts "
                  "MATCH ?1 LIMIT ?2)");
  count.bind(1, match).bind(2, kSortUpTo + 1);
  const bool few = count.step() == SQLITE_ROW && count.integer(0) <= kSortUpTo;
  if (few) {
    sorted_ = std::make_unique<Statement>(
        db,
        "SELECT s.id, s.fetched_at FROM snapshots s NOT INDEXED WHERE s.id IN (SELECT rowid "
        "FROM snapshots_fts WHERE snapshots_fts MATCH ?1) ORDER BY s.fetched_at DESC, s.id DESC");
    sorted_->bind(1, match);
    return;
  }
  by_time_ = std::make_unique<Statement>(
      db,
      "SELECT id, fetched_at FROM snapshots INDEXED BY snapshots_fetched_at "
      "ORDER BY fetched_at DESC, id DESC");
  matches_ = std::make_unique<Statement>(
      db, "SELECT rowid FROM snapshots_fts WHERE snapshots_fts MATCH ?1 ORDER BY rowid DESC");
  matches_->bind(1, match);
}

int IndexCandidates::step() {
  return sorted_ ? step_sorted() : step_merged();
}

int IndexCandidates::step_sorted() {
  const int rc = sorted_->step();
  if (rc == SQLITE_ROW) {
    id_ = sorted_->integer(0);
    fetched_at_ = sorted_->integer(1);
  }
  return rc;
}

int IndexCandidates::step_merged() {
  for (;;) {
    if (matches_done_ && given_ == read_.size()) return SQLITE_DONE;
    const int rc = by_time_->step();
    if (rc != SQLITE_ROW) return rc;
    const std::int64_t id = by_time_->integer(0);
    while (!matches_done_ && (read_.empty() || read_.back() > id)) {
      const int mrc = matches_->step();
      if (mrc == SQLITE_DONE) {
        matches_done_ = true;
      } else if (mrc != SQLITE_ROW) {
        return mrc;
      } else {
        read_.push_back(matches_->integer(0));
      }
    }
    if (std::binary_search(read_.begin(), read_.end(), id, std::greater<>())) {
      ++given_;
      id_ = id;
      fetched_at_ = by_time_->integer(1);
      return SQLITE_ROW;
    }
  }
}

}  // namespace headlined::store
