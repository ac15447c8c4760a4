// Full-text search on PostgreSQL: the snapshots whose token array holds every query token
// (`@>`, served by the GIN index; a prefix token by a scan of the candidate's array), newest
// first, each then checked with the same code as SQLite's search (search_text.hpp). The
// tokens are written with the snapshot, so there is no queue: the backlog is always empty.
#include <set>
#include <string>
#include <vector>

#include "headlined/match/normalize.hpp"
#include "pg_search_tokens.hpp"
#include "pg_store.hpp"
#include "search_query.hpp"
#include "search_text.hpp"
#include "search_tokens.hpp"

namespace headlined::store {

std::vector<std::string> pg_search_tokens(const Article& a) {
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  for (const std::string* field : {&a.title, &a.subtitle, &a.byline, &a.attribution, &a.body}) {
    const std::string normalized = match::normalize(*field);
    for (std::string_view token : distinct_index_tokens(normalized)) {
      if (seen.insert(std::string(token)).second) out.emplace_back(token);
    }
  }
  return out;
}

namespace {

// Candidates are read in pages: a search stops as soon as it has its hits.
constexpr int kCandidatePage = 100;

bool timed_out(const Error& e) {
  return e.what.find("statement timeout") != std::string::npos;
}

}  // namespace

void PgStore::set_search_budget(std::chrono::milliseconds budget) {
  std::lock_guard lock(db().mutex);
  search_budget_ = budget;
}

Result<SearchBacklog> PgStore::search_backlog() const {
  return SearchBacklog{};  // indexed at commit: nothing ever waits
}

Result<std::int64_t> PgStore::index_pending(std::int64_t /*max_snapshots*/) {
  return std::int64_t{0};
}

Result<std::vector<SearchHit>> PgStore::search(const std::string& query, int limit,
                                               std::string_view open,
                                               std::string_view close) const {
  const std::string_view op = "search";
  std::size_t raw_words = 0;
  const SearchQuery parsed = parse_search_query(query, &raw_words);
  if (raw_words == 0) return std::unexpected(db().error(op, "the query has no words"));
  if (parsed.tokens.empty() || limit == 0) return std::vector<SearchHit>{};
  const auto wanted = static_cast<std::size_t>(limit);  // limit < 0: all of them

  std::vector<std::string> exact;
  std::string where = "search_tokens @> $1::text[]";
  std::vector<pg::Param> params{pg::Param{}};
  for (const QueryToken& token : parsed.tokens) {
    if (!token.prefix) {
      exact.push_back(token.text);
      continue;
    }
    params.push_back(pg::text(token.text));
    where += " AND EXISTS (SELECT 1 FROM unnest(search_tokens) t WHERE starts_with(t, $" +
             std::to_string(params.size()) + "))";
  }
  params[0] = pg::text_array(exact);
  const std::size_t first_cursor = params.size() + 1;

  std::lock_guard lock(db().mutex);
  const auto deadline = std::chrono::steady_clock::now() + search_budget_;
  auto past_deadline = [&] {
    return search_budget_.count() > 0 && std::chrono::steady_clock::now() > deadline;
  };
  auto interrupted = [&] { return std::unexpected(db().error(op, "interrupted")); };
  auto search_all = [&]() -> Result<std::vector<SearchHit>> {
    if (search_budget_.count() > 0) {
      // The server stops any statement of this search that runs past the budget.
      auto r =
          db().exec(op, "SET LOCAL statement_timeout = " + std::to_string(search_budget_.count()));
      if (!r) return std::unexpected(r.error());
    }
    std::vector<SearchHit> hits;
    std::optional<std::pair<std::int64_t, std::int64_t>> after;
    for (;;) {
      std::string sql =
          "SELECT id, url, title, source_name, published, subtitle, byline, attribution, body, "
          "fetched_at FROM snapshots WHERE " +
          where;
      std::vector<pg::Param> page = params;
      if (after) {
        sql += " AND (fetched_at, id) < ($" + std::to_string(first_cursor) + ", $" +
               std::to_string(first_cursor + 1) + ")";
        page.push_back(pg::integer(after->first));
        page.push_back(pg::integer(after->second));
      }
      sql += " ORDER BY fetched_at DESC, id DESC LIMIT " + std::to_string(kCandidatePage);
      auto rows = db().run(op, sql, page);
      if (!rows) {
        if (timed_out(rows.error())) return interrupted();
        return std::unexpected(rows.error());
      }
      for (int i = 0; i < rows->size(); ++i) {
        if (past_deadline()) return interrupted();
        after = std::pair{rows->integer(i, 9), rows->integer(i, 0)};
        const SearchableText text{rows->text(i, 2), rows->text(i, 5), rows->text(i, 6),
                                  rows->text(i, 7), rows->text(i, 8)};
        if (!contains_every_word(parsed.words, text)) continue;
        hits.push_back(SearchHit{rows->integer(i, 0), rows->text(i, 1), text.title,
                                 rows->text(i, 3), rows->text(i, 4), rows->integer(i, 9),
                                 hit_snippet(parsed.words.front(), text, open, close)});
        if (hits.size() >= wanted) return hits;
      }
      if (rows->size() < kCandidatePage) return hits;
    }
  };
  return db().write_locked(op, search_all);
}

}  // namespace headlined::store
