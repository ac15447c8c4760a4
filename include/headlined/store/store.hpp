#pragma once
// The store: sources, snapshots, stories, the delivery outbox and what the admin commands
// and the web front read, behind one interface with a SQLite and a PostgreSQL implementation
// (sqlite_store.hpp: WAL, synchronous=FULL, every write in BEGIN IMMEDIATE; pg_store.hpp).
// Each has a versioned schema migrated on open. No network I/O ever happens inside a
// transaction here: callers hand finished values in and get values out.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"

namespace headlined::store {

// What the daemon remembers about polling a source.
struct SourceState {
  std::string name;
  std::string url;
  std::string etag;
  std::string last_modified;
  std::optional<UnixTime> last_success;
  std::string last_error;
  int consecutive_failures = 0;
  UnixTime next_attempt_at = 0;
  // What feed discovery chose for a source of type "auto": "feed", "sitemap" or "list" (""
  // when nothing is chosen yet), the URL it polls, and why.
  std::string discovered_kind;
  std::string discovered_url;
  std::string discovered_reason;
  // The interval the scheduler chose at the last poll and why (0 and "" before one).
  std::int64_t poll_interval = 0;
  std::string poll_reason;
};

// A WebSub subscription of one source (docs/sources.md): the hub and topic it was made
// with, the random token in its callback URL and the secret the hub signs pushes with.
struct WebSubRecord {
  std::string source;
  std::string hub;
  std::string topic;
  std::string callback_token;
  std::string secret;
  std::string state;  // "pending", "active", "failed" or "unsubscribing"
  UnixTime requested_at = 0;
  std::optional<UnixTime> lease_expires;
  std::string last_error;
  UnixTime retry_at = 0;  // a failed one is requested again from then on
};

struct NewDelivery {
  std::string subscription;
  std::string channel;
  // The subscription's "alerts": "story": when the article joins a story that an earlier copy
  // already matched this subscription in, the match is recorded but no delivery is made.
  bool once_per_story = true;
};

// Another stored copy of a snapshot's story (docs/stories.md): the first copy (the head) or a
// later reprint.
struct StoryCopy {
  std::int64_t id = 0;
  std::string url;
  std::string source_name;
  std::string title;
  std::string attribution;  // the outlet the page names as its origin (本文转自 ...), if any
  UnixTime fetched_at = 0;
  bool head = false;
};

// The outlet a story came from as its pages say (the attribution of the snapshot itself, else
// of the head, else of the first copy that names one); "" when none does.
std::string original_outlet(const std::string& own_attribution,
                            const std::vector<StoryCopy>& copies);

// One full-text search result: the snapshot it found and text around the hit, with the hit
// between "[" and "]".
struct SearchHit {
  std::int64_t id = 0;
  std::string url;
  std::string title;
  std::string source_name;
  std::string published;
  UnixTime fetched_at = 0;
  std::string snippet;
};

// Snapshots stored but not yet in the full-text index (the background indexer writes it in
// batches; search reads them directly meanwhile), and when the oldest of them was stored.
struct SearchBacklog {
  std::int64_t snapshots = 0;
  std::optional<std::int64_t> oldest_stored_at_ms;  // Unix time in milliseconds
};

// A line of the web front's list of snapshots: enough for a link, without body or page.
struct SnapshotSummary {
  std::int64_t id = 0;
  std::string url;
  std::string url_hash;
  std::string title;
  std::string source_name;
  std::string published;
  UnixTime fetched_at = 0;
};

// What a snapshot's web page shows besides the row itself, which never changes once stored:
// the story's other copies (count and newest id; a copy that joins or leaves changes them).
// Equal states mean a page rendered earlier is still current (the web front's page cache).
struct SnapshotPageState {
  std::int64_t copies = 0;
  std::int64_t newest_copy = 0;
  bool operator==(const SnapshotPageState&) const = default;
};

// A page of the newest snapshots: those older than `before` (a cursor from the previous
// page; empty = the newest), optionally of one source.
struct SnapshotPageQuery {
  std::string source;                                       // empty = every source
  std::optional<std::pair<UnixTime, std::int64_t>> before;  // (fetched_at, id) of the last shown
  int limit = 20;
};

// A deletion request from the web front's /takedown form, kept until an admin acts on it
// (`headlined takedown-requests`, then `headlined takedown URL`).
struct TakedownRequest {
  std::int64_t id = 0;
  std::string url;
  std::string contact;
  std::string reason;
  std::string client;  // the address the form came from
  UnixTime created_at = 0;
};

struct TakedownResult {
  bool snapshot_removed = false;  // false: nothing was stored under the URL
  int deliveries_removed = 0;     // pending ones among them: notifications never sent
  int pending_removed = 0;
  bool already_taken_down = false;  // an earlier takedown recorded the URL
};

struct PurgeResult {
  std::int64_t snapshots_removed = 0;
  // Older than the cutoff but kept, because a delivery about them is still pending.
  std::int64_t kept_for_pending = 0;
};

// Deliveries by state. `failing` are pending ones that have failed at least once.
struct DeliveryCounts {
  std::int64_t pending = 0;
  std::int64_t failing = 0;
  std::int64_t sent = 0;
  std::int64_t dead = 0;
  std::optional<UnixTime> oldest_pending_created;
};

struct SubscriptionStats {
  std::int64_t matches = 0;
  std::optional<UnixTime> last_match_fetched_at;
};

struct ChannelDisabled {
  std::string channel;
  std::string reason;
  std::string url;  // the channel's URL when it was disabled; a new URL re-enables it
  UnixTime at = 0;
};

// An article ready to be stored: what commit_article takes, for a group commit.
struct ArticleToCommit {
  Snapshot snapshot;
  std::vector<Match> matches;
  std::vector<NewDelivery> deliveries;
};

// How one article of a group commit went: its snapshot id (0 when the URL is tombstoned)
// and whether this commit stored it (false: it was stored before, or tombstoned).
struct ArticleCommit {
  std::int64_t id = 0;
  bool inserted = false;
};

// A snapshot (without its raw page) and the match that put it in a subscription.
struct MatchedArticle {
  Snapshot snapshot;
  Match match;
};

// Why the database refuses writes. Set by the write that failed, cleared by a probe_write
// that succeeds (not by any small write: the last kilobytes of a full disk take a delivery
// update, not an article). Reads keep working meanwhile, and so may small writes.
struct WriteFault {
  enum class Kind {
    DiskFull,  // SQLITE_FULL, or an I/O error with ENOSPC, EDQUOT or EFBIG (size limit)
    ReadOnly,  // SQLITE_READONLY, or an I/O error or failed open with EROFS, EPERM, EACCES
    IoError,   // any other I/O error
    // PostgreSQL: the connection to the server broke (restart, crash, failover, network) and
    // cannot be made again yet. Reads fail too then; cleared by the first reconnect.
    Unavailable,
  };
  Kind kind = Kind::IoError;
  std::string cause;    // e.g. "disk full (No space left on device)"
  std::string message;  // the failed operation and SQLite's message
  std::string path;     // the database file
  UnixTime since = 0;   // when writes started failing this way
};

// How a store that talks to a server (PostgreSQL) tries to reach it again after the
// connection broke: the first attempt at once, then waits doubling from `first` to `most`.
struct ReconnectDelays {
  std::chrono::milliseconds first{1000};
  std::chrono::milliseconds most{30000};
};

// What the files say about writing, without writing (for `headlined status`, which runs
// beside the daemon and cannot see its write fault).
struct StorageCheck {
  std::string path;
  std::string problem;  // empty, or e.g. "read-only (Operation not permitted)", "disk full"
  std::optional<std::uint64_t> free_bytes;  // on the database's filesystem
};

// Several nodes on one database (docs/scaling.md). A node as its heartbeats record it.
struct NodeRecord {
  std::string name;
  UnixTime started_at = 0;
  UnixTime heartbeat_at = 0;
  std::string version;               // of the binary
  std::int64_t lease_period_ms = 0;  // the node's; a heartbeat older than it is stale
  std::int64_t sources_held = 0;     // unexpired source leases (filled in by nodes())
};

// What a lease is on: a source (one node polls it at a time) or a channel (one node sends
// through it at a time, so its FIFO order and rate limit hold across nodes).
enum class LeaseKind { Source, Channel };

struct LeaseRecord {
  LeaseKind kind = LeaseKind::Source;
  std::string name;
  std::string node;
  std::int64_t expires_at_ms = 0;
};

// What every store does, whichever database holds it: SqliteStore (a file, the default) or
// PgStore (a PostgreSQL server, docs/postgresql.md). Store::open picks one by the location.
// True when `location` names a PostgreSQL database (a libpq URI) rather than a SQLite file.
bool is_postgresql_location(std::string_view location);

class Store {
 public:
  // `location`: a libpq URI (postgresql://... or postgres://...) opens PostgreSQL, anything
  // else is a SQLite file. Opening migrates the schema. `password` (PostgreSQL only; the
  // config's "database_password") is used instead of libpq's PGPASSWORD / PGPASSFILE.
  static Result<std::unique_ptr<Store>> open(const std::string& location,
                                             const std::string& password = "");
  // A connection that cannot write (SQLite: SQLITE_OPEN_READONLY and query_only;
  // PostgreSQL: read-only transactions), for the web front: it never migrates, so a
  // database at another schema version is an error.
  static Result<std::unique_ptr<Store>> open_read_only(const std::string& location,
                                                       const std::string& password = "");
  virtual ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  virtual int schema_version() const = 0;

  // The value of a connection PRAGMA (e.g. "synchronous", "journal_mode") as text, for
  // diagnostics and tests: some settings are per connection and invisible from outside.
  // Only names made of [a-z_] are accepted.
  virtual Result<std::string> pragma_value(const std::string& name) const = 0;

  // The reason writes fail at the moment, or nothing while they succeed. Cheap; callable
  // from any thread while another one writes.
  virtual std::optional<WriteFault> write_fault() const = 0;
  // A write transaction that changes nothing but needs about a megabyte of room: succeeds,
  // and clears the fault, once the database can take an article or two again.
  virtual Result<void> probe_write() = 0;
  virtual StorageCheck check_storage() const = 0;
  // PostgreSQL: the waits between reconnects (the daemon passes the config's
  // "database_retry_max"). SQLite has no connection to lose and ignores it.
  virtual void set_reconnect_delays(const ReconnectDelays& delays);

  // Sources: registered from the config on start-up; fetch state survives restarts.
  // Upserting a source whose URL changed clears its etag/last_modified (they belonged to the
  // old URL). Poll success stores etag/last_modified exactly as given: "" clears them
  // (the daemon does so when a poll did not take in every article).
  virtual Result<void> upsert_source(const Source& source) = 0;
  virtual Result<SourceState> source_state(const std::string& name) const = 0;
  virtual Result<std::vector<SourceState>> source_states() const = 0;
  virtual Result<void> record_poll_success(const std::string& name, const std::string& etag,
                                           const std::string& last_modified, UnixTime now,
                                           UnixTime next_attempt_at) = 0;
  virtual Result<void> record_poll_failure(const std::string& name, const std::string& error,
                                           UnixTime now, UnixTime next_attempt_at) = 0;
  // Keeps what discovery chose for a source of type "auto"; an empty `kind` forgets the
  // choice, so the next poll discovers again. The choice is also forgotten when
  // upsert_source changes the source's URL.
  virtual Result<void> record_discovery(const std::string& name, const std::string& kind,
                                        const std::string& url, const std::string& reason) = 0;

  // The scheduler's interval for the source's next poll and the reason it shows.
  virtual Result<void> record_poll_interval(const std::string& name, std::int64_t seconds,
                                            const std::string& reason) = 0;

  // When the source's snapshots were stored, since `since`, oldest first: the scheduler's
  // record of when new items appeared (daemon/poll_interval.hpp).
  virtual Result<std::vector<UnixTime>> stored_times(const std::string& source,
                                                     UnixTime since) const = 0;

  // WebSub subscriptions, by source (websub.cpp). save_websub inserts or replaces one.
  virtual Result<std::vector<WebSubRecord>> websub_records() const = 0;
  virtual Result<void> save_websub(const WebSubRecord& record) = 0;
  virtual Result<void> delete_websub(const std::string& source) = 0;

  // True when a snapshot with this canonical URL is already stored.
  virtual Result<bool> has_snapshot_url(const std::string& canonical_url) const = 0;

  // One transaction: the snapshot, its matches, its place in a story (when it has a
  // signature and an earlier snapshot within the story window resembles it), and one pending
  // delivery per entry of `deliveries` (due now) except those once_per_story already made
  // for an earlier copy of the story. Returns the snapshot id; when the URL is already stored,
  // nothing is written and the existing id is returned with `*inserted = false`; when the URL is
  // tombstoned (taken down or purged), nothing is written and 0 is returned with
  // `*inserted = false`.
  virtual Result<std::int64_t> commit_article(const Snapshot& snapshot,
                                              const std::vector<Match>& matches,
                                              const std::vector<NewDelivery>& deliveries,
                                              bool* inserted = nullptr) = 0;
  // Group commit: every article as commit_article would store it, all in one transaction
  // and one sync. Each article's snapshot, matches and deliveries stay together: an article
  // that fails is undone alone and its error is its entry of the result (in order); an error
  // of the whole (BEGIN or COMMIT failed) means none of them is stored.
  virtual Result<std::vector<Result<ArticleCommit>>> commit_articles(
      const std::vector<const ArticleToCommit*>& articles) = 0;

  virtual Result<std::optional<Snapshot>> snapshot_by_id(std::int64_t id) const = 0;
  // The same without the stored raw page (raw_page left empty): what a page shows. The raw
  // page is tens of KB a row and never shown, so readers that render skip copying it.
  virtual Result<std::optional<Snapshot>> snapshot_text_by_id(std::int64_t id) const = 0;
  // Raw pages stored in the snapshots row by a version before snapshot_pages (schema.cpp),
  // still to move: the rows' id span left (0 when done; ids of deleted rows count too).
  virtual Result<std::int64_t> raw_pages_to_move() const = 0;
  // Moves the raw pages of the next `max_snapshots` ids of that span into snapshot_pages,
  // in one transaction that also records how far it got; returns how many ids it covered
  // (fewer than asked: done).
  virtual Result<std::int64_t> move_raw_pages(std::int64_t max_snapshots) = 0;
  virtual Result<std::optional<Snapshot>> snapshot_by_url(
      const std::string& canonical_url) const = 0;
  virtual Result<std::vector<Match>> matches_for(std::int64_t snapshot_id) const = 0;
  // The other copies of the snapshot's story, oldest first; empty when it is on its own.
  virtual Result<std::vector<StoryCopy>> story_copies(std::int64_t snapshot_id) const = 0;
  // The story (its head's snapshot id) an article with this signature fetched at `at` would
  // join, without storing anything: what commit_article looks up (bench/stories times it).
  virtual Result<std::optional<std::int64_t>> find_story(const BodySignature& signature,
                                                         UnixTime at) const = 0;
  // How far back commit_article looks for an earlier copy of the same story (default 7 days).
  virtual void set_story_window(std::chrono::seconds window) = 0;

  // Outbox. Pending deliveries whose next_attempt_at <= now, oldest first (by id: the order
  // they were created in), each channel in order: a delivery is left out while an older one
  // through the same channel waits for a retry (it failed and is not due yet), so a channel
  // that comes back after an outage gets its backlog oldest first, whatever the jitter of
  // the retries. New deliveries are due at the snapshot's fetched_at (never later than the
  // clock).
  virtual Result<std::vector<Delivery>> due_deliveries(UnixTime now, int limit) const = 0;
  virtual Result<void> mark_sent(std::int64_t delivery_id, UnixTime now) = 0;
  // Both count one attempt. mark_sent on an already sent delivery is a no-op; mark_failed
  // only touches a pending one. An unknown id is an error.
  // Records the error and the attempt; `dead` ends retrying.
  virtual Result<void> mark_failed(std::int64_t delivery_id, const std::string& error,
                                   UnixTime next_attempt_at, bool dead) = 0;
  virtual Result<std::vector<Delivery>> deliveries(
      std::optional<DeliveryStatus> status = {}) const = 0;
  // The earliest next_attempt_at of a pending delivery, for the dispatcher's sleep.
  virtual Result<std::optional<UnixTime>> next_due_delivery() const = 0;

  // Outbox batches (notify's dispatcher). Each call is one transaction over pending
  // deliveries among `ids`; none counts an attempt unless it says so.
  // Puts digest deliveries in the window closing at `window_end`: not due before then.
  virtual Result<void> assign_digest_window(const std::vector<std::int64_t>& ids,
                                            UnixTime window_end) = 0;
  // Records the key the deliveries are about to be sent under, before the send.
  virtual Result<void> claim_batch(const std::vector<std::int64_t>& ids,
                                   const std::string& key) = 0;
  // Not due before `until` (a rate limit's wait).
  virtual Result<void> defer_deliveries(const std::vector<std::int64_t>& ids, UnixTime until) = 0;
  // mark_sent / mark_failed for every delivery of one message, in one transaction.
  virtual Result<void> mark_batch_sent(const std::vector<std::int64_t>& ids, UnixTime now) = 0;
  virtual Result<void> mark_batch_failed(const std::vector<std::int64_t>& ids,
                                         const std::string& error, UnixTime next_attempt_at,
                                         bool dead) = 0;
  // When each message (distinct batch) sent through `channel` at or after `since` went out,
  // oldest first: what a rate limit counts.
  virtual Result<std::vector<UnixTime>> message_send_times(const std::string& channel,
                                                           UnixTime since) const = 0;
  // Queues a dead or sent delivery again (attempts reset, due now) and re-enables its
  // channel. A dead delivery keeps its keys (the receiver never accepted that message); a
  // sent one gets a new key (a new message). False when the delivery is already pending.
  virtual Result<bool> requeue_delivery(std::int64_t delivery_id, UnixTime now) = 0;
  // Queues every dead delivery again, keeping their keys, and re-enables their channels;
  // returns how many.
  virtual Result<int> requeue_dead(UnixTime now) = 0;

  // Channels paused because their receiver refuses the channel itself (a bad token, a
  // keyword or IP rule, 401/403/404/410, ...), with the reason and the URL that said so.
  virtual Result<void> disable_channel(const ChannelDisabled& state) = 0;
  virtual Result<void> enable_channel(const std::string& channel) = 0;
  virtual Result<std::vector<ChannelDisabled>> disabled_channels() const = 0;
  // Makes the channel's pending deliveries that wait past `now` due now (a digest still
  // waits for its window), and with `lift_pause` ends its pause, in one transaction:
  // `headlined redeliver --channel`, and a new dispatcher probing a paused channel at once.
  // Returns how many deliveries became due.
  virtual Result<int> resume_channel(const std::string& channel, UnixTime now, bool lift_pause) = 0;

  // Operations: search, takedown, retention, backup and the figures admin commands show.

  // Full-text search over title, sub-title, byline, attribution and body, newest first.
  // Words are separated by spaces and must all occur, compared as subscriptions are matched
  // (match::normalize: NFKC, case folding, Traditional -> Simplified): a CJK word of any
  // length as a contiguous substring, a Latin word as a whole word (the index holds words,
  // so "harbo" does not find "harbour", but "harbo*" does: a trailing * asks for words
  // starting with it). A query whose words hold no letter, digit or CJK character finds
  // nothing. `limit` < 0: every hit.
  // `open` and `close` mark the hit in snippets ("[" and "]" for a terminal; the web front
  // uses control characters no stored text keeps, so brackets in the text stay text).
  virtual Result<std::vector<SearchHit>> search(const std::string& query, int limit,
                                                std::string_view open = "[",
                                                std::string_view close = "]") const = 0;
  // The search index is written behind the articles (search_index.cpp): a snapshot is
  // queued by its insert and indexed later by index_pending, which a background step calls
  // (store/search_indexer.hpp). search() covers the queued ones too, so nothing stored is
  // ever missing from a search, whichever connection asks.
  virtual Result<SearchBacklog> search_backlog() const = 0;
  // Moves up to `max_snapshots` of the queued snapshots (lowest ids first) into the index,
  // in one transaction; returns how many it indexed.
  virtual Result<std::int64_t> index_pending(std::int64_t max_snapshots) = 0;
  // Searches running longer than this are stopped with an error ("search: interrupted"),
  // so no query can hold a connection for long; zero (the default) = no limit.
  virtual void set_search_budget(std::chrono::milliseconds budget) = 0;

  // True when a takedown or retention left a tombstone for this canonical URL.
  virtual Result<bool> is_tombstoned(const std::string& canonical_url) const = 0;
  // True when the URL is stored or tombstoned: the collector should not fetch it.
  virtual Result<bool> is_known_url(const std::string& canonical_url) const = 0;

  // Deletes the snapshot stored under the canonical URL (raw page, search entry, matches and
  // deliveries with it) and records a takedown tombstone, so commit_article refuses the URL
  // from then on. The freed pages are zeroed and the search index rewritten, so the text
  // does not linger in the database file. A URL never stored is tombstoned all the same.
  virtual Result<TakedownResult> take_down(const std::string& canonical_url,
                                           const std::string& reason, UnixTime now) = 0;

  // The web front (src/store/browse.cpp): lists, stable links and what a takedown removed.
  virtual Result<std::vector<SnapshotSummary>> snapshot_page(
      const SnapshotPageQuery& query) const = 0;
  // The snapshot whose canonical URL has this url_hash (core/digest.hpp); the oldest when two
  // share one. Without its raw page (as snapshot_text_by_id).
  virtual Result<std::optional<Snapshot>> snapshot_by_url_hash(const std::string& hash) const = 0;
  // The state of the snapshot's page (index lookups only, never the row's text); nothing
  // when the snapshot is not stored (taken down, purged or never there).
  virtual Result<std::optional<SnapshotPageState>> snapshot_page_state(
      std::int64_t snapshot_id) const = 0;
  // The snapshot's url_hash (its stable link), "" when there is no such snapshot.
  virtual Result<std::string> url_hash_of(std::int64_t snapshot_id) const = 0;
  // True when a takedown removed the snapshot with this id, or with this URL hash.
  virtual Result<bool> taken_down_id(std::int64_t snapshot_id) const = 0;
  virtual Result<bool> taken_down_hash(const std::string& hash) const = 0;
  // Source names that have snapshots, sorted.
  virtual Result<std::vector<std::string>> snapshot_sources() const = 0;

  // Deletion requests (src/store/takedown_requests.cpp): the only table the web front writes.
  virtual Result<std::int64_t> add_takedown_request(const TakedownRequest& request) = 0;
  virtual Result<std::vector<TakedownRequest>> takedown_requests() const = 0;

  // Deletes snapshots fetched before `cutoff` (their matches, sent and dead deliveries and
  // search entries), in short transactions so the daemon's writes interleave. A snapshot with
  // a pending delivery is kept until the delivery ends. Purged URLs are remembered for one
  // more retention period so a list page that still links them does not bring them back.
  virtual Result<PurgeResult> purge_older_than(UnixTime cutoff) = 0;

  // A consistent copy of the database (VACUUM INTO, safe while the daemon writes), written
  // beside `path` and renamed into place once its integrity check passes. An existing file
  // is an error unless `overwrite`.
  virtual Result<void> backup_to(const std::string& path, bool overwrite) const = 0;

  virtual Result<DeliveryCounts> delivery_counts() const = 0;
  // Snapshots fetched at or after `since` (0: all).
  virtual Result<std::int64_t> snapshot_count(UnixTime since = 0) const = 0;
  // Per subscription name that has any match.
  virtual Result<std::map<std::string, SubscriptionStats>> subscription_stats() const = 0;
  // Snapshots fetched at or after `since` (0: all), newest first, raw_page left empty, handed
  // one at a time to `visit` until it returns false: a long history never has to fit in
  // memory (`headlined test-query --stored`). The store is locked meanwhile.
  virtual Result<void> for_each_snapshot(
      UnixTime since, const std::function<bool(const Snapshot&)>& visit) const = 0;
  // The subscription's matched snapshots, newest first; raw_page is left empty.
  virtual Result<std::vector<MatchedArticle>> subscription_matches(const std::string& subscription,
                                                                   int limit) const = 0;

  // Several nodes on one database (docs/scaling.md): heartbeats (nodes.cpp), leases
  // (leases.cpp) and delivery claims (claims.cpp). Lease and claim times are Unix
  // milliseconds: a test's lease period is a second or so. Every method is one transaction.

  // Inserts the node or updates its row (started_at, heartbeat_at, version, lease period).
  virtual Result<void> record_heartbeat(const NodeRecord& node) = 0;
  // Every node that ever beat, by name, with the source leases it holds unexpired at `now_ms`.
  virtual Result<std::vector<NodeRecord>> nodes(std::int64_t now_ms) const = 0;
  // Takes the lease for `node` until `expires_at_ms` when nobody holds it, when it has
  // expired at `now_ms`, or when `node` already holds it (which renews it); true when `node`
  // holds it afterwards. One statement: two nodes never both get it.
  virtual Result<bool> take_lease(LeaseKind kind, const std::string& name, const std::string& node,
                                  std::int64_t now_ms, std::int64_t expires_at_ms) = 0;
  // Gives the lease up if `node` holds it (else nothing happens).
  virtual Result<void> release_lease(LeaseKind kind, const std::string& name,
                                     const std::string& node) = 0;
  // Gives up every lease `node` holds (a clean stop); returns how many.
  virtual Result<int> release_leases(const std::string& node) = 0;
  // The leases unexpired at `now_ms`, by kind and name.
  virtual Result<std::vector<LeaseRecord>> leases(std::int64_t now_ms) const = 0;
  // due_deliveries as `node` sees them: deliveries another node claimed and whose claim is
  // unexpired at `now_ms` are left out, and hold their channel's younger deliveries back
  // (FIFO per channel across nodes). An empty `node` sees what due_deliveries sees.
  virtual Result<std::vector<Delivery>> due_deliveries_for(const std::string& node, UnixTime now,
                                                           std::int64_t now_ms,
                                                           int limit) const = 0;
  // claim_batch for `node`: records the key and that `node` holds the deliveries until
  // `expires_at_ms`. False, with nothing written, when another node holds one of them
  // unexpired at `now_ms`. mark_batch_sent and mark_batch_failed end the claim.
  virtual Result<bool> claim_deliveries(const std::vector<std::int64_t>& ids,
                                        const std::string& key, const std::string& node,
                                        std::int64_t now_ms, std::int64_t expires_at_ms) = 0;

 protected:
  Store() = default;
};

}  // namespace headlined::store
