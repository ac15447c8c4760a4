// WebSub subscriptions kept per source, so a restart re-subscribes and a source removed from
// the config is unsubscribed (src/daemon/websub_subscriber.cpp decides; this only keeps).
#include <string>

#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<std::vector<WebSubRecord>> SqliteStore::websub_records() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT source_name, hub, topic, callback_token, secret, state, requested_at, "
               "lease_expires, last_error, retry_at FROM websub_subscriptions ORDER BY "
               "source_name");
  std::vector<WebSubRecord> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    WebSubRecord r;
    r.source = st.text(0);
    r.hub = st.text(1);
    r.topic = st.text(2);
    r.callback_token = st.text(3);
    r.secret = st.text(4);
    r.state = st.text(5);
    r.requested_at = st.integer(6);
    r.lease_expires = st.optional_integer(7);
    r.last_error = st.text(8);
    r.retry_at = st.integer(9);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("websub_records"));
  return out;
}

Result<void> SqliteStore::save_websub(const WebSubRecord& r) {
  return impl_->write("save_websub", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "INSERT OR REPLACE INTO websub_subscriptions (source_name, hub, topic, "
                 "callback_token, secret, state, requested_at, lease_expires, last_error, "
                 "retry_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    st.bind(1, r.source).bind(2, r.hub).bind(3, r.topic).bind(4, r.callback_token);
    st.bind(5, r.secret).bind(6, r.state).bind(7, r.requested_at).bind(8, r.lease_expires);
    st.bind(9, r.last_error).bind(10, r.retry_at);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("save_websub"));
    return {};
  });
}

Result<void> SqliteStore::delete_websub(const std::string& source) {
  return impl_->write("delete_websub", [&]() -> Result<void> {
    Statement st(impl_->db, "DELETE FROM websub_subscriptions WHERE source_name = ?1");
    st.bind(1, source);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("delete_websub"));
    return {};
  });
}

}  // namespace headlined::store
