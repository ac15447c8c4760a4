#include "statement_cache.hpp"

namespace headlined::store {

StatementCache::Handle StatementCache::get(sqlite3* db, std::string_view sql) {
  auto [it, inserted] = statements_.try_emplace(std::string(sql));
  if (inserted || !it->second->ok()) it->second = std::make_unique<Statement>(db, sql);
  return Handle(*it->second);
}

}  // namespace headlined::store
