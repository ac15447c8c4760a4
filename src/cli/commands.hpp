#pragma once
// Sub-command bodies; each returns the process exit status.

#include <string>
#include <vector>

namespace headlined::cli {

struct CommandOptions {
  std::string config_path;
  std::string database;
  std::string target;
  bool once = false;
  bool json = false;
};

// Options of the admin commands that read the database (docs/operations.md). Each command
// uses the fields it names in its --help.
struct AdminOptions {
  std::string config_path;
  std::string database;
  std::string database_password;  // set from the config with its database (PostgreSQL only)
  bool json = false;
  std::string query;            // search
  int limit = 0;                // search, export (0: the command's default)
  std::string target;           // takedown: URL or snapshot id
  std::string reason;           // takedown
  std::string older_than;       // purge
  std::string subscription;     // export
  std::string format = "atom";  // export
  std::string file;             // backup
  bool force = false;           // backup
  std::string listen;           // serve: HOST:PORT (default: the config's web.listen)
};

// `extract`, `parse-feed` and `discover` (src/cli/source_tools.cpp registers them).
struct ExtractOptions {
  std::vector<std::string> inputs;  // URLs or files
  std::string base_url;
  bool json = false;
  std::string title_selector, body_selector, drop_selector;  // overrides
  std::string time_zone;  // a source's "time_zone"; empty = by the page's language
};
struct ParseFeedOptions {
  std::string input;
  std::string base_url;
  bool json = false;
  bool list = false;     // an HTML list page rather than a feed or sitemap
  std::string selector;  // list page link selector
  std::vector<std::string> include_urls, exclude_urls;
  int limit = 0;  // 0: all
};
// `discover URL [--json]`: what a source of type "auto" with this URL would poll, and why.
struct DiscoverOptions {
  std::string url;
  bool json = false;
};
int command_extract(const ExtractOptions& options);
int command_parse_feed(const ParseFeedOptions& options);
int command_discover(const DiscoverOptions& options);

// `test-query` (src/cli/command_test_query.cpp).
struct TestQueryOptions {
  std::string query;
  std::vector<std::string> inputs;  // files or URLs
  bool stored = false;              // the stored snapshots instead of inputs
  std::string since;                // with --stored: a duration such as "7d"
  std::string config_path;          // with --stored: where the database is named
  std::string database;
};
int command_test_query(const TestQueryOptions& options);

int command_run(const CommandOptions& options);
int command_check_config(const CommandOptions& options);
int command_show(const CommandOptions& options);
int command_demo(const CommandOptions& options);

int command_status(const AdminOptions& options);
int command_sources(const AdminOptions& options);
int command_subscriptions(const AdminOptions& options);
int command_search(const AdminOptions& options);
int command_takedown(const AdminOptions& options);
int command_purge(const AdminOptions& options);
int command_export(const AdminOptions& options);
int command_backup(const AdminOptions& options);
int command_serve(const AdminOptions& options);
int command_takedown_requests(const AdminOptions& options);

}  // namespace headlined::cli
