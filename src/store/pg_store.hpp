#pragma once
// The PostgreSQL implementation of Store (src/store/pg_*.cpp): one libpq connection guarded
// by a mutex, as SqliteStore's. See store.hpp for what each method promises and
// docs/postgresql.md for what differs from SQLite.

#include <chrono>
#include <memory>
#include <string>

#include "headlined/store/store.hpp"
#include "pg_connection.hpp"

namespace headlined::store {

class PgStore final : public Store {
 public:
  // `url`: a libpq URI; `password` as for pg::Connection::connect.
  static Result<std::unique_ptr<Store>> open(const std::string& url, const std::string& password);
  // Never migrates: a database at another schema version is an error. Its transactions are
  // read-only (default_transaction_read_only).
  static Result<std::unique_ptr<Store>> open_read_only(const std::string& url,
                                                       const std::string& password);
  ~PgStore() override;

  int schema_version() const override;
  Result<std::string> pragma_value(const std::string& name) const override;
  std::optional<WriteFault> write_fault() const override;
  Result<void> probe_write() override;
  StorageCheck check_storage() const override;
  void set_reconnect_delays(const ReconnectDelays& delays) override;
  Result<void> upsert_source(const Source& source) override;
  Result<SourceState> source_state(const std::string& name) const override;
  Result<std::vector<SourceState>> source_states() const override;
  Result<void> record_poll_success(const std::string& name, const std::string& etag,
                                   const std::string& last_modified, UnixTime now,
                                   UnixTime next_attempt_at) override;
  Result<void> record_poll_failure(const std::string& name, const std::string& error, UnixTime now,
                                   UnixTime next_attempt_at) override;
  Result<void> record_discovery(const std::string& name, const std::string& kind,
                                const std::string& url, const std::string& reason) override;
  Result<void> record_poll_interval(const std::string& name, std::int64_t seconds,
                                    const std::string& reason) override;
  Result<std::vector<UnixTime>> stored_times(const std::string& source,
                                             UnixTime since) const override;
  Result<std::vector<WebSubRecord>> websub_records() const override;
  Result<void> save_websub(const WebSubRecord& record) override;
  Result<void> delete_websub(const std::string& source) override;
  Result<bool> has_snapshot_url(const std::string& canonical_url) const override;
  Result<std::int64_t> commit_article(const Snapshot& snapshot, const std::vector<Match>& matches,
                                      const std::vector<NewDelivery>& deliveries,
                                      bool* inserted = nullptr) override;
  Result<std::vector<Result<ArticleCommit>>> commit_articles(
      const std::vector<const ArticleToCommit*>& articles) override;
  Result<std::optional<Snapshot>> snapshot_by_id(std::int64_t id) const override;
  Result<std::optional<Snapshot>> snapshot_text_by_id(std::int64_t id) const override;
  Result<std::optional<Snapshot>> snapshot_by_url(const std::string& canonical_url) const override;
  Result<std::vector<Match>> matches_for(std::int64_t snapshot_id) const override;
  Result<std::vector<StoryCopy>> story_copies(std::int64_t snapshot_id) const override;
  Result<std::optional<std::int64_t>> find_story(const BodySignature& signature,
                                                 UnixTime at) const override;
  void set_story_window(std::chrono::seconds window) override;
  Result<std::vector<Delivery>> due_deliveries(UnixTime now, int limit) const override;
  Result<void> mark_sent(std::int64_t delivery_id, UnixTime now) override;
  Result<void> mark_failed(std::int64_t delivery_id, const std::string& error,
                           UnixTime next_attempt_at, bool dead) override;
  Result<std::vector<Delivery>> deliveries(
      std::optional<DeliveryStatus> status = {}) const override;
  Result<std::optional<UnixTime>> next_due_delivery() const override;
  Result<void> assign_digest_window(const std::vector<std::int64_t>& ids,
                                    UnixTime window_end) override;
  Result<void> claim_batch(const std::vector<std::int64_t>& ids, const std::string& key) override;
  Result<void> defer_deliveries(const std::vector<std::int64_t>& ids, UnixTime until) override;
  Result<void> mark_batch_sent(const std::vector<std::int64_t>& ids, UnixTime now) override;
  Result<void> mark_batch_failed(const std::vector<std::int64_t>& ids, const std::string& error,
                                 UnixTime next_attempt_at, bool dead) override;
  Result<std::vector<UnixTime>> message_send_times(const std::string& channel,
                                                   UnixTime since) const override;
  Result<bool> requeue_delivery(std::int64_t delivery_id, UnixTime now) override;
  Result<int> requeue_dead(UnixTime now) override;
  Result<void> disable_channel(const ChannelDisabled& state) override;
  Result<void> enable_channel(const std::string& channel) override;
  Result<std::vector<ChannelDisabled>> disabled_channels() const override;
  Result<int> resume_channel(const std::string& channel, UnixTime now, bool lift_pause) override;
  Result<std::vector<SearchHit>> search(const std::string& query, int limit,
                                        std::string_view open = "[",
                                        std::string_view close = "]") const override;
  Result<SearchBacklog> search_backlog() const override;
  Result<std::int64_t> index_pending(std::int64_t max_snapshots) override;
  void set_search_budget(std::chrono::milliseconds budget) override;
  Result<bool> is_tombstoned(const std::string& canonical_url) const override;
  Result<bool> is_known_url(const std::string& canonical_url) const override;
  Result<TakedownResult> take_down(const std::string& canonical_url, const std::string& reason,
                                   UnixTime now) override;
  Result<std::vector<SnapshotSummary>> snapshot_page(const SnapshotPageQuery& query) const override;
  Result<std::optional<Snapshot>> snapshot_by_url_hash(const std::string& hash) const override;
  Result<std::optional<SnapshotPageState>> snapshot_page_state(
      std::int64_t snapshot_id) const override;
  Result<std::string> url_hash_of(std::int64_t snapshot_id) const override;
  Result<bool> taken_down_id(std::int64_t snapshot_id) const override;
  Result<bool> taken_down_hash(const std::string& hash) const override;
  Result<std::vector<std::string>> snapshot_sources() const override;
  Result<std::int64_t> add_takedown_request(const TakedownRequest& request) override;
  Result<std::vector<TakedownRequest>> takedown_requests() const override;
  Result<PurgeResult> purge_older_than(UnixTime cutoff) override;
  Result<void> backup_to(const std::string& path, bool overwrite) const override;
  Result<DeliveryCounts> delivery_counts() const override;
  Result<std::int64_t> snapshot_count(UnixTime since = 0) const override;
  Result<std::map<std::string, SubscriptionStats>> subscription_stats() const override;
  Result<void> for_each_snapshot(UnixTime since,
                                 const std::function<bool(const Snapshot&)>& visit) const override;
  Result<std::vector<MatchedArticle>> subscription_matches(const std::string& subscription,
                                                           int limit) const override;

  // Raw pages in the row (PostgreSQL keeps them in the row: TOAST stores them apart).
  Result<std::int64_t> raw_pages_to_move() const override;
  Result<std::int64_t> move_raw_pages(std::int64_t max_snapshots) override;

  // Several nodes on one database (docs/scaling.md).
  Result<void> record_heartbeat(const NodeRecord& node) override;
  Result<std::vector<NodeRecord>> nodes(std::int64_t now_ms) const override;
  Result<bool> take_lease(LeaseKind kind, const std::string& name, const std::string& node,
                          std::int64_t now_ms, std::int64_t expires_at_ms) override;
  Result<void> release_lease(LeaseKind kind, const std::string& name,
                             const std::string& node) override;
  Result<int> release_leases(const std::string& node) override;
  Result<std::vector<LeaseRecord>> leases(std::int64_t now_ms) const override;
  Result<std::vector<Delivery>> due_deliveries_for(const std::string& node, UnixTime now,
                                                   std::int64_t now_ms, int limit) const override;
  Result<bool> claim_deliveries(const std::vector<std::int64_t>& ids, const std::string& key,
                                const std::string& node, std::int64_t now_ms,
                                std::int64_t expires_at_ms) override;

 private:
  explicit PgStore(std::unique_ptr<pg::Connection> connection);
  pg::Connection& db() const { return *db_; }
  // An error of open(): permanent unless the connection was lost meanwhile.
  Error failed_open(Error error) const;

  std::unique_ptr<pg::Connection> db_;
  int version_ = 0;
  std::chrono::seconds story_window_{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds search_budget_{0};
};

}  // namespace headlined::store
