// Store::open picks the backend from the location: a libpq URI opens PostgreSQL, anything
// else is a SQLite file (or ":memory:").
#include "headlined/store/store.hpp"
#include "pg_store.hpp"
#include "sqlite_store.hpp"

namespace headlined::store {

Store::~Store() = default;

void Store::set_reconnect_delays(const ReconnectDelays& /*delays*/) {}

bool is_postgresql_location(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::unique_ptr<Store>> Store::open(const std::string& location,
                                           const std::string& password) {
  if (is_postgresql_location(location)) return PgStore::open(location, password);
  return SqliteStore::open(location);
}

Result<std::unique_ptr<Store>> Store::open_read_only(const std::string& location,
                                                     const std::string& password) {
  if (is_postgresql_location(location)) return PgStore::open_read_only(location, password);
  return SqliteStore::open_read_only(location);
}

}  // namespace headlined::store
