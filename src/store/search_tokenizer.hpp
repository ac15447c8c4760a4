#pragma once
// The `headlined` FTS5 tokenizer of the search index (snapshots_fts, docs/architecture.md,
// "Search index"). Every connection the Store opens registers it; a connection without it
// (the sqlite3 shell) cannot read or write snapshots_fts ("no such tokenizer: headlined").
//
// A document (a column value being indexed or deleted) gives search_tokens.hpp's distinct
// index tokens of its normalised text. A query string gives itself as one token, unchanged:
// Store::search quotes tokens it has already cut and normalised, and detail=none has no
// phrases, so a query that cut "中国" again into 中, 国, 中国 would be a phrase and fail.

#include <sqlite3.h>

namespace headlined::store {

inline constexpr const char* kSearchTokenizerName = "headlined";

// SQLITE_OK, or the SQLite code of the failure.
int register_search_tokenizer(sqlite3* db);

}  // namespace headlined::store
