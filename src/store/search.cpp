// Full-text search: the trigram FTS5 index for words of 3 or more characters, a LIKE scan
// for shorter ones (the index cannot look up fewer than 3 characters), newest first.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

constexpr int kSnippetTokens = 24;         // trigram tokens are characters: ~24 characters
constexpr std::size_t kContextBytes = 60;  // around a LIKE hit: ~20 CJK characters

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

std::size_t count_code_points(std::string_view word) {
  std::size_t n = 0;
  for (unsigned char c : word) n += is_continuation(c) ? 0 : 1;
  return n;
}

// Splits on ASCII white space and U+3000 (the ideographic space of Chinese input methods).
std::vector<std::string> split_words(std::string_view query) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::vector<std::string> words;
  std::string current;
  for (std::size_t i = 0; i < query.size();) {
    const bool ascii_space = query[i] == ' ' || query[i] == '\t' || query[i] == '\n' ||
                             query[i] == '\r' || query[i] == '\f' || query[i] == '\v';
    const bool wide_space = query.substr(i, kIdeographicSpace.size()) == kIdeographicSpace;
    if (ascii_space || wide_space) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
      i += wide_space ? kIdeographicSpace.size() : 1;
      continue;
    }
    current += query[i++];
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// An FTS5 string: the word in double quotes, quotes inside doubled, so no word is read as
// query syntax (AND, NEAR, column filters, *).
std::string fts_phrase(const std::string& word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string like_pattern(const std::string& word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// Text around the first occurrence of `word` in `text`, cut at character boundaries, with
// the word between "[" and "]" like the FTS snippets. Empty when `word` does not occur as is
// (LIKE also matched it with different ASCII case).
std::string snippet_around(const std::string& text, const std::string& word, std::string_view open,
                           std::string_view close) {
  const std::size_t at = text.find(word);
  if (at == std::string::npos) return "";
  std::size_t begin = at > kContextBytes ? at - kContextBytes : 0;
  while (begin > 0 && is_continuation(static_cast<unsigned char>(text[begin]))) --begin;
  std::size_t end = std::min(text.size(), at + word.size() + kContextBytes);
  while (end < text.size() && is_continuation(static_cast<unsigned char>(text[end]))) ++end;
  std::string out = begin > 0 ? "…" : "";
  out += text.substr(begin, at - begin);
  out += open;
  out += word;
  out += close;
  out += text.substr(at + word.size(), end - at - word.size());
  if (end < text.size()) out += "…";
  return out;
}

// Every searchable column in one text, for the LIKE scan.
constexpr const char* kAllText =
    "(s.title || char(10) || s.subtitle || char(10) || s.byline || char(10) || s.attribution || "
    "char(10) || s.body)";

// " AND <all text> LIKE ?n" for each word, numbered from `first`.
std::string like_filter(const std::vector<std::string>& words, std::size_t first) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    out += std::string(" AND ") + kAllText + " LIKE ?" + std::to_string(i + first) + " ESCAPE '\\'";
  }
  return out;
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

void Store::set_search_budget(std::chrono::milliseconds budget) {
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

Result<std::vector<SearchHit>> Store::search(const std::string& query, int limit,
                                             std::string_view open, std::string_view close) const {
  const std::string_view op = "search";
  std::vector<std::string> indexed;  // 3 or more characters
  std::vector<std::string> scanned;  // fewer
  for (std::string& word : split_words(query)) {
    (count_code_points(word) >= 3 ? indexed : scanned).push_back(std::move(word));
  }
  if (indexed.empty() && scanned.empty()) {
    return std::unexpected(impl_->error(op, "the query has no words"));
  }

  // The snapshots the background indexer has not reached yet (search_index.cpp) are not in
  // snapshots_fts: a LIKE scan over that short queue finds them, every word as a substring.
  std::vector<std::string> tail_words = indexed;
  tail_words.insert(tail_words.end(), scanned.begin(), scanned.end());
  const std::string newest_first = " ORDER BY s.fetched_at DESC, s.id DESC";
  const std::string columns =
      "SELECT s.id, s.url, s.title, s.source_name, s.published, s.fetched_at, ";
  const std::string tail_sql = columns +
                               "'', s.title, s.body FROM snapshots_fts_pending p "
                               "JOIN snapshots s ON s.id = p.snapshot_id WHERE 1" +
                               like_filter(tail_words, 3) + newest_first + " LIMIT ?2";

  std::string sql = columns;
  if (!indexed.empty()) {
    // The newest hits are chosen first and only they get a snippet: snippet() for every
    // match of a common word, before sorting, made a search take seconds.
    const std::string matching =
        "FROM snapshots_fts JOIN snapshots s ON s.id = snapshots_fts.rowid "
        "WHERE snapshots_fts MATCH ?1";
    sql += "snippet(snapshots_fts, -1, ?900, ?901, '…', " + std::to_string(kSnippetTokens) +
           "), s.title, s.body " + matching + " AND snapshots_fts.rowid IN (SELECT s.id " +
           matching + like_filter(scanned, 3) + newest_first + " LIMIT ?2)" + newest_first;
  } else {
    sql += "'', s.title, s.body FROM snapshots s WHERE 1" + like_filter(scanned, 3) + newest_first +
           " LIMIT ?2";
  }

  std::string match;
  for (const std::string& word : indexed) match += (match.empty() ? "" : " ") + fts_phrase(word);

  std::lock_guard lock(impl_->mutex);
  if (impl_->search_budget.count() > 0)
    impl_->search_deadline = std::chrono::steady_clock::now() + impl_->search_budget;
  std::vector<SearchHit> hits;
  // The queue first: a snapshot the indexer moves meanwhile (another connection may index
  // between the two statements) is then found twice rather than not at all.
  auto run = [&](Statement& st, const std::vector<std::string>& words) -> Result<void> {
    st.bind(2, static_cast<std::int64_t>(limit));
    for (std::size_t i = 0; i < words.size(); ++i) {
      st.bind(static_cast<int>(i + 3), like_pattern(words[i]));
    }
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
      SearchHit hit{st.integer(0), st.text(1),    st.text(2), st.text(3),
                    st.text(4),    st.integer(5), st.text(6)};
      if (hit.snippet.empty() && !words.empty()) {
        hit.snippet = snippet_around(st.text(8), words.front(), open, close);
        if (hit.snippet.empty())
          hit.snippet = snippet_around(st.text(7), words.front(), open, close);
      }
      hits.push_back(std::move(hit));
    }
    if (rc != SQLITE_DONE) return std::unexpected(impl_->error(op));
    return {};
  };
  // Without an indexed word the scan below reads every snapshot, queued ones included.
  Result<void> done;
  if (!indexed.empty()) {
    Statement tail(impl_->db, tail_sql);
    done = run(tail, tail_words);
  }
  const std::size_t from_tail = hits.size();
  if (done) {
    Statement st(impl_->db, sql);
    if (!indexed.empty()) st.bind(1, match).bind(900, open).bind(901, close);
    done = run(st, scanned);
  }
  impl_->search_deadline.reset();
  if (!done) return std::unexpected(done.error());
  if (from_tail == 0) return hits;
  return newest_unique(std::move(hits), limit);
}

}  // namespace headlined::store
