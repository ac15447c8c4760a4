// Opening a PostgreSQL store, and what the SQLite-only operations (pragmas, write faults,
// storage checks, backups) mean on a server.
#include "pg_store.hpp"

#include <algorithm>

#include "pg_schema.hpp"

namespace headlined::store {

PgStore::PgStore(std::unique_ptr<pg::Connection> connection) : db_(std::move(connection)) {}
PgStore::~PgStore() = default;

Result<std::unique_ptr<Store>> PgStore::open(const std::string& url, const std::string& password) {
  auto connection = pg::Connection::connect(url, password);
  if (!connection) return std::unexpected(connection.error());
  std::unique_ptr<PgStore> store(new PgStore(std::move(*connection)));
  auto version = pg::migrate(store->db());
  if (!version) return std::unexpected(store->failed_open(version.error()));
  store->version_ = *version;
  return std::unique_ptr<Store>(std::move(store));
}

Error PgStore::failed_open(Error error) const {
  // Only a connection lost on the way is worth another try; a schema this build refuses,
  // or a statement the server rejects, would come back the same.
  error.permanent = !db().outage().has_value();
  return error;
}

Result<std::unique_ptr<Store>> PgStore::open_read_only(const std::string& url,
                                                       const std::string& password) {
  auto connection = pg::Connection::connect(url, password);
  if (!connection) return std::unexpected(connection.error());
  std::unique_ptr<PgStore> store(new PgStore(std::move(*connection)));
  // Every transaction of this session refuses writes, as SQLite's query_only does.
  // (Again after a reconnect: a new session would take writes.)
  if (auto r = store->db().set_session("open read-only", "SET default_transaction_read_only = on");
      !r)
    return std::unexpected(store->failed_open(r.error()));
  auto version = pg::read_version(store->db());
  if (!version) return std::unexpected(store->failed_open(version.error()));
  if (*version != pg::latest_pg_schema_version()) {
    return std::unexpected(store->db().error(
        "open read-only", "database schema version " + std::to_string(*version) +
                              ", this build needs " +
                              std::to_string(pg::latest_pg_schema_version()) +
                              " (a read-write open, e.g. `headlined status`, migrates it)"));
  }
  store->version_ = *version;
  return std::unique_ptr<Store>(std::move(store));
}

int PgStore::schema_version() const {
  return version_;
}

// On PostgreSQL a "pragma" is a server setting as SHOW gives it (e.g. "server_version",
// "default_transaction_read_only"); the same [a-z_] names only.
Result<std::string> PgStore::pragma_value(const std::string& name) const {
  const bool plain = !name.empty() && std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
  if (!plain) return std::unexpected(db().error("pragma", "invalid name '" + name + "'"));
  auto rows = db().read("pragma " + name, "SHOW " + name);
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0) return std::string();
  return rows->text(0, 0);
}

// The server owns its disk: a full disk or a read-only server is reported by each failed
// statement with the server's message, and there is no local file to watch. The one fault
// seen from here is the connection itself: broken, and not made again yet.
std::optional<WriteFault> PgStore::write_fault() const {
  const std::optional<pg::Outage> outage = db().outage();
  if (!outage) return std::nullopt;
  return WriteFault{WriteFault::Kind::Unavailable, "server unreachable", outage->message,
                    db().masked_url(), outage->since};
}

void PgStore::set_reconnect_delays(const ReconnectDelays& delays) {
  db().set_reconnect_delays(delays);
}

Result<void> PgStore::probe_write() {
  return db().write("probe_write", [&]() -> Result<void> {
    auto inserted = db().run("probe_write", "INSERT INTO write_probe (bytes) VALUES ($1)",
                             {pg::bytes(std::string(1024, '\0'))});
    if (!inserted) return std::unexpected(inserted.error());
    return db().exec("probe_write", "DELETE FROM write_probe");
  });
}

StorageCheck PgStore::check_storage() const {
  // Nothing to say from this side without writing: the server's disk is not visible here.
  return StorageCheck{db().masked_url(), "", std::nullopt};
}

Result<void> PgStore::backup_to(const std::string& path, bool /*overwrite*/) const {
  return std::unexpected(db().error(
      "backup to " + path,
      "not available on PostgreSQL (a file copy is SQLite's); use pg_dump, e.g. `pg_dump "
      "--format=custom --file=" +
          path + " " + db().masked_url() + "`"));
}

}  // namespace headlined::store
