// Deletion requests from the web front's form: stored as they came, listed for the admin,
// who decides (`headlined takedown URL`). The web front writes nothing else.
#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<std::int64_t> SqliteStore::add_takedown_request(const TakedownRequest& request) {
  return impl_->write("add_takedown_request", [&]() -> Result<std::int64_t> {
    Statement st(impl_->db,
                 "INSERT INTO takedown_requests (url, contact, reason, client, created_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)");
    st.bind(1, request.url).bind(2, request.contact).bind(3, request.reason);
    st.bind(4, request.client).bind(5, request.created_at);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("add_takedown_request"));
    return sqlite3_last_insert_rowid(impl_->db);
  });
}

Result<std::vector<TakedownRequest>> SqliteStore::takedown_requests() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT id, url, contact, reason, client, created_at FROM takedown_requests "
               "ORDER BY id");
  std::vector<TakedownRequest> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.push_back(TakedownRequest{st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4),
                                  st.integer(5)});
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("takedown_requests"));
  return out;
}

}  // namespace headlined::store
