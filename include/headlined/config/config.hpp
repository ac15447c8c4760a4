#pragma once
// The config file: JSON with // and /* */ comments. Loading never stops at the first error:
// every problem is reported with file, line and column, so a user fixes them in one go.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "headlined/core/types.hpp"

namespace headlined::config {

struct Position {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in characters (as editors count them)
};

struct ConfigError {
  std::string file;
  Position pos;
  std::string message;

  std::string to_string() const;  // "file:line:column: message" ("file: message" if line is 0)
};

struct SubscriptionEntry {
  Subscription subscription;
  // Where the query string's first character (after the opening quote) stands, so a query
  // parse error at offset N can be reported at a real line and column.
  Position query_pos;
  // The query exactly as written between the quotes (escapes not decoded), for
  // query_position() below.
  std::string query_raw;
};

// The file position (line, character column) of byte `offset` of the (decoded) query, accounting
// for escapes such as
// \" written in the file, so a query parse error points at the right column.
Position query_position(const SubscriptionEntry& entry, std::size_t offset);

// The "crawl" object: how the fetcher shares the network. Read at start-up; a reload keeps
// the running values (restart to change them).
struct CrawlSettings {
  int max_connections = 16;  // transfers in flight at once, over all hosts
  int max_per_host = 2;      // transfers in flight at once to one host
  int host_delay_ms = 250;   // between two requests to one host (robots.txt may ask more)
  bool robots = true;        // honour robots.txt
  // "http://", "https://", "socks5://" or "socks5h://" proxy for every source that does not
  // name its own; empty = direct.
  std::string proxy;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{30};
  std::int64_t max_body_bytes = 8 * 1024 * 1024;  // after decompression
  int max_redirects = 5;
  int retries = 2;  // of a timeout, 5xx or 429, with backoff
  // Group commit: articles ready within this window after the first (or up to this many)
  // share one transaction and one sync. A crash loses at most one group, fetched again on
  // the next poll.
  int commit_group = 64;
  int commit_window_ms = 50;
  // The search index is written behind the articles: a stored article enters it at most this
  // long after its commit (search reads the articles not yet indexed directly meanwhile).
  int search_index_delay_ms = 1000;
};

// The "web" object: the read-only web front (docs/web.md). Absent = off (the default).
struct WebSettings {
  // "HOST:PORT". When it equals metrics_listen, one listener serves both route sets.
  std::string listen;
  // Where readers reach it (behind a reverse proxy): absolute links in the Atom feeds.
  // Empty = links relative to the request's Host.
  std::string public_base_url;
  std::string site_name = "headlined";
  // Named in the takedown line ("如有侵权请联系我们进行删除": whom to contact).
  std::string contact;
  std::string language = "zh";  // page labels: "zh" or "en"
};

// The "polling" object: the bounds of the adaptive interval for sources that name neither
// their own nor a fixed "interval" (docs/sources.md).
struct PollingSettings {
  std::chrono::seconds min_interval{120};
  std::chrono::seconds max_interval{3600};
};

// The "websub" object: the WebSub subscriber (docs/sources.md). Absent = off (the default):
// hubs a feed announces are then ignored and every source is polled.
struct WebSubSettings {
  // "HOST:PORT" of the listener the hubs' requests reach; it may equal the web front's or
  // the metrics' address (one listener then serves both).
  std::string listen;
  // The URL that reaches that listener from the hubs (through a reverse proxy, typically);
  // callbacks are <public_base_url>/websub/<token>.
  std::string public_base_url;
  std::chrono::seconds lease{7 * 24 * 3600};      // asked of the hub (it may grant another)
  std::chrono::seconds safety_poll{3600};         // how often a pushed source is still polled
  std::chrono::seconds verify_timeout{300};       // a hub that has not verified by then failed
  std::int64_t max_body_bytes = 2 * 1024 * 1024;  // a larger push is refused (413)
};

// How one source's interval is chosen (daemon/poll_interval.hpp): kept as written when the
// source names an "interval", else adapted between the bounds (the source's own
// "min_interval" / "max_interval", else the "polling" ones).
struct SourcePolling {
  bool fixed = true;
  std::chrono::seconds interval{300};
  std::chrono::seconds min_interval{120};
  std::chrono::seconds max_interval{3600};
};

struct Config {
  std::string path;
  // A relative path resolves against the config file's folder, for the daemon and the admin
  // commands alike (database_path.hpp); the installed config names an absolute one.
  // A libpq URL (postgresql://user@host/db?sslmode=...) keeps the store on PostgreSQL
  // instead (docs/postgresql.md).
  std::string database = "headlined.db";
  // The PostgreSQL password, a secret ({"env": ...} or {"file": ...}); empty: libpq's own
  // PGPASSWORD / PGPASSFILE, or none.
  std::string database_password;
  std::string user_agent = "headlined/0.1 (+https://example.invalid/headlined)";
  int workers = 4;
  // "HOST:PORT" of the /metrics and /healthz listener; empty = off (the default).
  std::string metrics_listen;
  // Snapshots fetched longer ago than this are purged (with their matches and finished
  // deliveries); zero = kept forever (the default).
  std::chrono::seconds retention{0};
  // How long after an article a reprint of it still joins its story (docs/stories.md).
  std::chrono::seconds story_window{std::chrono::hours(24 * 7)};
  // This daemon's name among the nodes sharing the database (docs/scaling.md): in the logs,
  // `headlined status`, the metrics, and on the leases and claims it holds. Default: the
  // host name.
  std::string node;
  // How long a node's lease on a source or channel, and its claim on a delivery, last
  // unrenewed: a node that dies is replaced within this time.
  std::chrono::seconds lease_period{60};
  // PostgreSQL: the longest wait between two attempts to reach a server that is down, at
  // start and after the connection broke while running (waits double from 1 s up to it).
  std::chrono::seconds database_retry_max{30};
  CrawlSettings crawl;
  std::optional<WebSettings> web;
  PollingSettings polling;
  std::optional<WebSubSettings> websub;
  std::map<std::string, SourcePolling> source_polling;  // by source name, one per source
  std::vector<Source> sources;
  std::vector<ChannelSpec> channels;
  std::vector<SubscriptionEntry> subscriptions;
  // Settings that load but have no effect or are risky, each at its line and column with a
  // message starting "warning: " (docs/config.md lists them); see config_warnings().
  std::vector<ConfigError> warnings;
};

struct LoadResult {
  Config config;
  std::vector<ConfigError> errors;  // empty = OK
  // With Secrets::ReadIfHere: the values only the service can read (an environment variable
  // its unit sets, a credential systemd loads when it starts), which were not checked.
  std::vector<ConfigError> unchecked;
  bool ok() const { return errors.empty(); }
};

// How the config's {"env": "VARIABLE"} and {"file": "/path"} values (secrets) are treated.
enum class Secrets {
  // Read; one that cannot be read is an error. The daemon and test-channel, which send.
  Read,
  // Not read: their fields stay empty. Admin commands that never send anything, so that a
  // root shell without the service's environment or credentials can run them.
  Skip,
  // Read; one that only the service can see (an unset environment variable, a missing file
  // under a credentials folder such as /run/credentials/) goes to `unchecked` instead of
  // `errors`. check-config, which an admin runs before the service ever started.
  ReadIfHere,
};

// What a valid config does that has no effect or weakens safety on the admin's explicit word
// (a source with "tls_verify": false, a metrics listener beyond loopback, `tls` on an
// smtps:// channel, ...), one "file:line:column: warning: ..." line each; logged at start and
// reload and printed by check-config.
std::vector<std::string> config_warnings(const Config& config);

LoadResult load_config_file(const std::string& path, Secrets secrets = Secrets::Read);
LoadResult load_config_text(const std::string& text, const std::string& file_name,
                            Secrets secrets = Secrets::Read);

}  // namespace headlined::config
