// Full-text search: the `headlined`-tokenized FTS5 index (search_tokenizer.hpp) finds the
// candidates, every query word is then checked in the candidate's normalised text
// (search_text.hpp), newest first; the snapshots the background indexer has not reached yet
// are read directly.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/match/normalize.hpp"
#include "headlined/store/store.hpp"
#include "search_candidates.hpp"
#include "search_query.hpp"
#include "search_text.hpp"
#include "search_tokens.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

// The snapshots not indexed yet, newest first, as IndexCandidates gives the index's. CROSS
// JOIN keeps the short queue the outer loop: left to itself the planner walked every
// snapshot by the fetch-time index for the ORDER BY and probed the queue for each (a second
// at 100,000 snapshots with the queue empty).
class QueuedCandidates {
 public:
  explicit QueuedCandidates(sqlite3* db)
      : st_(db,
            "SELECT s.id, s.fetched_at FROM snapshots_fts_pending p "
            "CROSS JOIN snapshots s ON s.id = p.snapshot_id "
            "ORDER BY s.fetched_at DESC, s.id DESC") {}
  int step() { return st_.step(); }
  std::int64_t id() const { return st_.integer(0); }
  std::int64_t fetched_at() const { return st_.integer(1); }

 private:
  Statement st_;
};

// An FTS5 string: the token in double quotes, quotes inside doubled, so no token is read as
// query syntax (AND, NEAR, column filters, *).
std::string fts_string(std::string_view token) {
  std::string out = "\"";
  for (char c : token) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Hits of the queue and of the index together: newest first, each snapshot once, `limit` of
// them.
std::vector<SearchHit> newest_unique(std::vector<SearchHit> hits, int limit) {
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.fetched_at != b.fetched_at ? a.fetched_at > b.fetched_at : a.id > b.id;
  });
  hits.erase(std::unique(hits.begin(), hits.end(),
                         [](const SearchHit& a, const SearchHit& b) { return a.id == b.id; }),
             hits.end());
  if (limit >= 0 && hits.size() > static_cast<std::size_t>(limit)) hits.resize(limit);
  return hits;
}

}  // namespace

void SqliteStore::set_search_budget(std::chrono::milliseconds budget) {
  std::lock_guard lock(impl_->mutex);
  impl_->search_budget = budget;
  // Every 1,000 virtual machine steps (microseconds): the check costs nothing measurable.
  sqlite3_progress_handler(
      impl_->db, budget.count() > 0 ? 1000 : 0,
      [](void* data) -> int {
        const auto* impl = static_cast<const Connection*>(data);
        return impl->search_deadline && std::chrono::steady_clock::now() > *impl->search_deadline;
      },
      impl_.get());
}

Result<std::vector<SearchHit>> SqliteStore::search(const std::string& query, int limit,
                                                   std::string_view open,
                                                   std::string_view close) const {
  const std::string_view op = "search";
  std::size_t raw_words = 0;
  SearchQuery parsed = parse_search_query(query, &raw_words);
  if (raw_words == 0) return std::unexpected(impl_->error(op, "the query has no words"));
  const std::vector<std::string>& words = parsed.words;
  const std::vector<QueryToken>& tokens = parsed.tokens;
  // The AND of every token, each quoted; a prefix token asks for words starting with it.
  std::string match;
  for (const QueryToken& token : tokens) {
    match += (match.empty() ? "" : " AND ") + fts_string(token.text);
    if (token.prefix) match += " *";
  }
  // Nothing the index can look up (only punctuation): nothing can be found, and no word
  // starts a scan of the whole table.
  if (match.empty() || limit == 0) return std::vector<SearchHit>{};
  const auto wanted = static_cast<std::size_t>(limit);  // limit < 0: all of them

  std::lock_guard lock(impl_->mutex);
  if (impl_->search_budget.count() > 0)
    impl_->search_deadline = std::chrono::steady_clock::now() + impl_->search_budget;
  struct EndSearch {
    Connection& impl;
    ~EndSearch() { impl.search_deadline.reset(); }
  } end_search{*impl_};
  auto past_deadline = [&] {
    return impl_->search_deadline && std::chrono::steady_clock::now() > *impl_->search_deadline;
  };

  Statement row(impl_->db,
                "SELECT url, title, source_name, published, subtitle, byline, attribution, body "
                "FROM snapshots WHERE id = ?1");
  std::vector<SearchHit> hits;
  // Steps `candidates` (id, fetched_at; newest first) and keeps those whose text has every
  // word, up to `wanted` from this statement.
  // `queued`: candidates the index has not checked, so their tokens are checked here.
  auto collect = [&](auto& candidates, bool queued) -> Result<void> {
    std::size_t kept = 0;
    int rc = SQLITE_DONE;
    while (kept < wanted && (rc = candidates.step()) == SQLITE_ROW) {
      if (past_deadline()) return std::unexpected(impl_->error(op, "interrupted"));
      row.reset();
      row.bind(1, candidates.id());
      const int found = row.step();
      if (found == SQLITE_DONE) continue;  // deleted meanwhile
      if (found != SQLITE_ROW) return std::unexpected(impl_->error(op));
      const SearchableText text{row.text(1), row.text(4), row.text(5), row.text(6), row.text(7)};
      if (!contains_every_word(words, text, queued ? &tokens : nullptr)) continue;
      hits.push_back(SearchHit{candidates.id(), row.text(0), text.title, row.text(2), row.text(3),
                               candidates.fetched_at(),
                               hit_snippet(words.front(), text, open, close)});
      ++kept;
    }
    if (kept < wanted && rc != SQLITE_DONE) return std::unexpected(impl_->error(op));
    return {};
  };

  // The queue first: a snapshot the indexer moves meanwhile (another connection may index
  // between the two statements) is then found twice rather than not at all. The queue is a
  // second or so of articles in normal running (after the migration that rebuilds the index,
  // every snapshot until the daemon's catch-up has run).
  QueuedCandidates queued(impl_->db);
  if (auto r = collect(queued, true); !r) return std::unexpected(r.error());
  const std::size_t from_queue = hits.size();

  IndexCandidates indexed(impl_->db, match);
  if (auto r = collect(indexed, false); !r) return std::unexpected(r.error());
  if (from_queue == 0) return hits;
  return newest_unique(std::move(hits), limit);
}

}  // namespace headlined::store
