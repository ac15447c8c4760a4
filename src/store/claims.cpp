// Delivery claims across nodes (docs/scaling.md): before a send, the node records the key
// and that it holds the deliveries until the claim expires. Another node leaves them alone
// meanwhile (due_deliveries_for); a claim that is never completed (the node died mid-send)
// expires, and the next node sends the deliveries again under the same key, which the
// receiver can drop as a repeat.
#include <string>

#include "headlined/store/store.hpp"
#include "sqlite_store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<bool> SqliteStore::claim_deliveries(const std::vector<std::int64_t>& ids,
                                           const std::string& key, const std::string& node,
                                           std::int64_t now_ms, std::int64_t expires_at_ms) {
  return impl_->write("claim_deliveries", [&]() -> Result<bool> {
    // All or none: a message goes out only when every delivery in it is this node's.
    for (std::int64_t id : ids) {
      Statement held(impl_->db,
                     "SELECT 1 FROM deliveries WHERE id = ?1 AND status = 'pending' AND "
                     "claimed_by NOT IN ('', ?2) AND claim_expires_ms > ?3");
      held.bind(1, id).bind(2, node).bind(3, now_ms);
      const int rc = held.step();
      if (rc == SQLITE_ROW) return false;
      if (rc != SQLITE_DONE) return std::unexpected(impl_->error("claim_deliveries"));
    }
    for (std::int64_t id : ids) {
      Statement st(impl_->db,
                   "UPDATE deliveries SET batch_key = ?2, claimed_by = ?3, "
                   "claim_expires_ms = ?4 WHERE id = ?1 AND status = 'pending'");
      st.bind(1, id).bind(2, key).bind(3, node).bind(4, expires_at_ms);
      if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("claim_deliveries"));
    }
    return true;
  });
}

}  // namespace headlined::store
