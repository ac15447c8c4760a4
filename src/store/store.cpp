// Opening the SQLite database: connection settings, then the schema migrations.
#include "sqlite_store.hpp"

#include <algorithm>

#include "headlined/core/digest.hpp"
#include "schema.hpp"
#include "search_tokenizer.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

// headlined_url_hash(url): the stable-link hash (core/digest.hpp) for migration 6's backfill.
// Deterministic, so SQLite may use it in indexes and constant-fold it.
void url_hash_function(sqlite3_context* context, int, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string hash = url_hash(text ? std::string_view(text) : std::string_view());
  sqlite3_result_text(context, hash.c_str(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
}

Result<void> register_functions(Connection& impl) {
  if (sqlite3_create_function(impl.db, "headlined_url_hash", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                              url_hash_function, nullptr, nullptr) != SQLITE_OK) {
    return std::unexpected(impl.error("register headlined_url_hash"));
  }
  // Before the migrations: they create (and a later one may rebuild) the index that uses it.
  if (register_search_tokenizer(impl.db) != SQLITE_OK) {
    return std::unexpected(impl.error("register the search index's tokenizer"));
  }
  return {};
}

// Settings that are per connection (synchronous, foreign_keys, busy_timeout) must be set on
// every open; journal_mode=WAL persists in the file but is cheap to re-assert.
Result<void> configure(Connection& impl) {
  sqlite3_extended_result_codes(impl.db, 1);
  if (auto r = register_functions(impl); !r) return r;
  if (sqlite3_busy_timeout(impl.db, 5000) != SQLITE_OK) {
    return std::unexpected(impl.error("set busy_timeout"));
  }
  {
    Statement st(impl.db, "PRAGMA journal_mode=WAL");
    if (st.step() != SQLITE_ROW) return std::unexpected(impl.error("set journal_mode=WAL"));
    std::string mode = st.text(0);
    // An in-memory database reports "memory"; a file that cannot do WAL (e.g. on a network
    // filesystem) would silently lose the crash-safety the daemon relies on.
    if (mode != "wal" && impl.path != ":memory:") {
      return std::unexpected(
          impl.error("set journal_mode=WAL", "the database stayed in '" + mode + "' mode"));
    }
  }
  if (auto r = impl.exec("set synchronous=FULL", "PRAGMA synchronous=FULL"); !r) return r;
  // Deleted content is overwritten with zeros: a takedown must not leave the page readable
  // in free pages of the file. Rows are deleted only by takedown and retention.
  if (auto r = impl.exec("set secure_delete=ON", "PRAGMA secure_delete=ON"); !r) return r;
  return impl.exec("set foreign_keys=ON", "PRAGMA foreign_keys=ON");
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<Store>> SqliteStore::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  // FULLMUTEX: the daemon's threads share this connection (the Impl mutex additionally keeps
  // whole transactions apart).
  int rc =
      sqlite3_open_v2(path.c_str(), &impl->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(impl->error("open"));
  if (auto r = configure(*impl); !r) return std::unexpected(r.error());
  if (auto r = migrate(*impl); !r) return std::unexpected(r.error());
  return std::unique_ptr<Store>(new SqliteStore(std::move(impl)));
}

Result<std::unique_ptr<Store>> SqliteStore::open_read_only(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  // NOMUTEX is not used: a reader pool hands one connection to one thread at a time, but the
  // Impl mutex already serialises it and FULLMUTEX costs little next to a query.
  int rc = sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) return std::unexpected(impl->error("open read-only"));
  sqlite3_extended_result_codes(impl->db, 1);
  if (auto r = register_functions(*impl); !r) return std::unexpected(r.error());
  if (sqlite3_busy_timeout(impl->db, 5000) != SQLITE_OK) {
    return std::unexpected(impl->error("set busy_timeout"));
  }
  // A second guard besides the open flag: no statement on this connection may write.
  if (auto r = impl->exec("set query_only", "PRAGMA query_only=ON"); !r) {
    return std::unexpected(r.error());
  }
  Statement st(impl->db, "PRAGMA user_version");
  if (st.step() != SQLITE_ROW) return std::unexpected(impl->error("read schema version"));
  impl->version = static_cast<int>(st.integer(0));
  if (impl->version != latest_schema_version()) {
    return std::unexpected(impl->error(
        "open read-only", "database schema version " + std::to_string(impl->version) +
                              ", this build needs " + std::to_string(latest_schema_version()) +
                              " (a read-write open, e.g. `headlined status`, migrates it)"));
  }
  return std::unique_ptr<Store>(new SqliteStore(std::move(impl)));
}

std::optional<WriteFault> SqliteStore::write_fault() const {
  std::lock_guard lock(impl_->fault_mutex);
  return impl_->fault;
}

Result<void> SqliteStore::probe_write() {
  auto probed = impl_->write("probe_write", [&]() -> Result<void> {
    // A megabyte written and deleted in one transaction: nothing changes, but its pages go
    // through the WAL (secure_delete zeroes and so writes them) and end up as free pages
    // that the next articles reuse. So it succeeds only where an article or two fit, not
    // in the few kilobytes a nearly full disk still has.
    if (auto r = impl_->exec("probe_write",
                             "INSERT INTO write_probe (bytes) VALUES (zeroblob(1048576))");
        !r)
      return r;
    return impl_->exec("probe_write", "DELETE FROM write_probe");
  });
  if (probed) impl_->note_write_success();
  return probed;
}

StorageCheck SqliteStore::check_storage() const {
  return impl_->check_storage();
}

int SqliteStore::schema_version() const {
  return impl_->version;
}

Result<std::string> SqliteStore::pragma_value(const std::string& name) const {
  bool plain = !name.empty() &&
               std::ranges::all_of(name, [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  if (!plain) return std::unexpected(impl_->error("pragma", "invalid name '" + name + "'"));
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "PRAGMA " + name);
  if (st.step() != SQLITE_ROW) return std::unexpected(impl_->error("pragma " + name));
  return st.text(0);
}

}  // namespace headlined::store
