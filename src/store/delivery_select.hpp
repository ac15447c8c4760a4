#pragma once

namespace headlined::store {

// The outbox's deliveries with the terms and snippet of the match that caused them: the same
// SQL on SQLite and PostgreSQL (outbox.cpp, pg_outbox.cpp), columns in Delivery's order.
inline constexpr const char* kSelectDelivery =
    "SELECT d.id, d.snapshot_id, d.subscription, d.channel, d.status, d.attempts, "
    "d.next_attempt_at, d.last_error, d.created_at, d.sent_at, m.terms, m.snippet, "
    "d.batch_key, d.window_end, d.key "
    "FROM deliveries d LEFT JOIN matches m "
    "ON m.snapshot_id = d.snapshot_id AND m.subscription = d.subscription";

}  // namespace headlined::store
