#include "search_tokenizer.hpp"

#include <algorithm>
#include <string>

#include "headlined/match/normalize.hpp"
#include "search_tokens.hpp"

namespace headlined::store {

namespace {

// The tokenizer has no settings: one shared instance stands for every table using it.
struct Instance {};
Instance the_instance;

int create(void*, const char**, int n_args, Fts5Tokenizer** out) {
  if (n_args != 0) return SQLITE_ERROR;  // tokenize = 'headlined' takes no arguments
  *out = reinterpret_cast<Fts5Tokenizer*>(&the_instance);
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer*) {}

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

int tokenize(Fts5Tokenizer*, void* context, int flags, const char* text, int size,
             TokenCallback token) {
  if (size <= 0) return SQLITE_OK;
  if (flags & FTS5_TOKENIZE_QUERY) return token(context, 0, text, size, 0, size);
  const std::string normalized = match::normalize(std::string_view(text, size));
  for (std::string_view t : distinct_index_tokens(normalized)) {
    // Offsets are into the normalised text, clamped to the input: with detail=none nothing
    // reads them (no highlight(), no snippet(); Store::search cuts its own snippets).
    const auto begin = static_cast<int>(
        std::min<std::size_t>(t.data() - normalized.data(), static_cast<std::size_t>(size)));
    const int end = std::min(size, begin + static_cast<int>(t.size()));
    const int rc = token(context, 0, t.data(), static_cast<int>(t.size()), begin, end);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

fts5_tokenizer the_tokenizer{create, destroy, tokenize};

// The FTS5 API of this connection, the documented way: SELECT fts5(?1) with a pointer bound.
fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

}  // namespace

int register_search_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr || api->iVersion < 2) return SQLITE_ERROR;
  return api->xCreateTokenizer(api, kSearchTokenizerName, nullptr, &the_tokenizer, nullptr);
}

}  // namespace headlined::store
