#pragma once
// The index's matches for a search, newest first by (fetched_at, id), as Store::search reads
// them: one row at a time, so a search stops as soon as it has its hits.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sqlite_statement.hpp"

namespace headlined::store {

class IndexCandidates {
 public:
  // `match`: an FTS5 query on snapshots_fts.
  IndexCandidates(sqlite3* db, const std::string& match);

  // SQLITE_ROW with id() and fetched_at() set, SQLITE_DONE, or an SQLite error code.
  int step();
  std::int64_t id() const { return id_; }
  std::int64_t fetched_at() const { return fetched_at_; }

 private:
  int step_sorted();
  int step_merged();

  // Few matches (up to kSortUpTo) are looked up and sorted by SQLite. More are found by
  // walking the fetch-time index newest first and testing each id against the matches read
  // so far in descending rowid order, reading on only while the lowest read is above the
  // id: ids grow with time, so a common word reads about as many matches as it shows, where
  // sorting would first read all of them (10,000 for 招商 in 20,000 snapshots).
  static constexpr std::int64_t kSortUpTo = 200;
  std::unique_ptr<Statement> sorted_;   // the few: (id, fetched_at) newest first
  std::unique_ptr<Statement> by_time_;  // the many: every (id, fetched_at) newest first
  std::unique_ptr<Statement> matches_;  // ... and the index's matches by descending rowid
  std::vector<std::int64_t> read_;      // matches read so far, descending
  bool matches_done_ = false;
  std::size_t given_ = 0;  // matches returned so far: when all were read and given, done
  std::int64_t id_ = 0;
  std::int64_t fetched_at_ = 0;
};

}  // namespace headlined::store
