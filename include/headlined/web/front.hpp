#pragma once
// The read-only web front (docs/web.md): the newest snapshots, one snapshot laid out as a
// news-snapshot page, full-text search, a subscription's matches as Atom, and the takedown form.
// It reads through read-only connections of its own and writes one table only (takedown
// requests), through a read-write connection it opens at the first request.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "headlined/config/config.hpp"
#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"

namespace httplib {
class Server;
}

namespace headlined::web {

struct FrontOptions {
  std::string database;           // the SQLite file or PostgreSQL URL
  std::string database_password;  // PostgreSQL only (config "database_password")
  config::WebSettings settings;
  // Names and feed tokens of the subscriptions whose Atom feeds are served.
  std::vector<Subscription> subscriptions;
  // Read-only connections, one per request served at once (the listener's thread count).
  int readers = 8;
  // A search running longer is stopped (503): no query can hold a connection for long.
  std::chrono::milliseconds search_budget{2000};
  // Takedown form submissions accepted per client address and hour.
  int form_posts_per_hour = 5;
  // Rendered snapshot pages kept (gzipped, a few KB each); 0 renders every request.
  std::size_t page_cache_bytes = 32 * 1024 * 1024;
};

class Front {
 public:
  // Opens the read-only connections; an error names the database.
  static Result<std::unique_ptr<Front>> open(const FrontOptions& options);
  ~Front();
  Front(const Front&) = delete;
  Front& operator=(const Front&) = delete;

  // Adds the routes, the security headers and the request limits to `server` (which may
  // carry other routes too: the metrics listener's, when both share an address).
  void install(httplib::Server& server);

 private:
  struct Impl;
  explicit Front(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace headlined::web
