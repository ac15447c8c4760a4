#include "cli/admin_commands.hpp"

namespace headlined::cli {

CLI::App* AdminCommands::add(CLI::App& app, const char* name, const char* description, bool json) {
  CLI::App* sub = app.add_subcommand(name, description);
  sub->add_option("-c,--config", options_.config_path, "config file naming the database");
  sub->add_option("--db", options_.database, "database file (instead of the config's)");
  if (json) sub->add_flag("--json", options_.json, "print JSON");
  sub->footer(
      "Exit status: 0 done, 1 failed or nothing found, 2 bad usage or config "
      "(docs/operations.md).");
  return sub;
}

AdminCommands::AdminCommands(CLI::App& app) {
  status_ = add(app, "status",
                "daemon health from the database: sources (last success, last error, next "
                "poll), deliveries pending/failing/dead, articles stored today",
                true);
  sources_ = add(app, "sources", "the config's sources with the fetch state stored for each", true);
  subscriptions_ = add(app, "subscriptions",
                       "the config's subscriptions with how many articles each matched", true);

  search_ = add(app, "search",
                "full-text search over stored snapshots, newest first, with snippets (exit 1: "
                "nothing found)",
                true);
  search_->add_option("query", options_.query, "words that must all occur; Chinese needs no spaces")
      ->required();
  search_->add_option("--limit", options_.limit, "at most this many results (default 20)")
      ->check(CLI::PositiveNumber);

  takedown_ = add(app, "takedown",
                  "delete a snapshot (page, search entry, matches, deliveries) and tombstone its "
                  "URL so it is never collected again",
                  false);
  takedown_->add_option("url-or-id", options_.target, "the article's URL or snapshot id")
      ->required();
  takedown_->add_option("--reason", options_.reason, "why, recorded with the tombstone")
      ->required();

  purge_ =
      add(app, "purge",
          "delete snapshots older than a duration, keeping those with pending deliveries", true);
  purge_->add_option("--older-than", options_.older_than,
                     "e.g. 90d; default: the config's \"retention\"");

  export_ = add(app, "export", "a subscription's matched articles as an Atom feed or JSON", false);
  export_->add_option("--subscription", options_.subscription, "subscription name")->required();
  export_->add_option("--format", options_.format, "atom (default) or json")
      ->check(CLI::IsMember({"atom", "json"}));
  export_->add_option("--limit", options_.limit, "the newest this many (default 50)")
      ->check(CLI::PositiveNumber);

  backup_ =
      add(app, "backup", "a consistent copy of the database, safe while the daemon runs", false);
  backup_->add_option("file", options_.file, "where to write the copy")->required();
  backup_->add_flag("--force", options_.force, "overwrite an existing file");

  serve_ = add(app, "serve",
               "serve the read-only web front of a database without crawling (a replica or "
               "a backup); SIGTERM/SIGINT stop it",
               false);
  serve_->add_option("--listen", options_.listen,
                     "HOST:PORT, e.g. 127.0.0.1:8080 (default: the config's web.listen)");

  takedown_requests_ = add(app, "takedown-requests",
                           "deletion requests sent through the web front's /takedown form, "
                           "oldest first (act on one with `headlined takedown URL`)",
                           true);
}

std::optional<int> AdminCommands::run_chosen() const {
  if (*status_) return command_status(options_);
  if (*sources_) return command_sources(options_);
  if (*subscriptions_) return command_subscriptions(options_);
  if (*search_) return command_search(options_);
  if (*takedown_) return command_takedown(options_);
  if (*purge_) return command_purge(options_);
  if (*export_) return command_export(options_);
  if (*backup_) return command_backup(options_);
  if (*serve_) return command_serve(options_);
  if (*takedown_requests_) return command_takedown_requests(options_);
  return std::nullopt;
}

}  // namespace headlined::cli
