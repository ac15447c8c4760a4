// The `headlined` command: the daemon itself and the sub-commands an admin runs beside it.

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "cli/admin_commands.hpp"
#include "cli/commands.hpp"
#include "cli/delivery_commands.hpp"
#include "cli/migrate_db.hpp"
#include "cli/similar.hpp"
#include "cli/source_tools.hpp"
#include "cli/test_channel.hpp"
#include "cli/version.hpp"
#include "headlined/daemon/logging.hpp"

int main(int argc, char** argv) {
  CLI::App app{"headlined: a headless news-subscription daemon"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] {
    std::string text = headlined::cli::version_text();
    text.pop_back();  // CLI11 ends the message with its own newline
    return text;
  });
  // Subcommands inherit this: `headlined run --log-level debug …` works as well as
  // `headlined --log-level debug run …` (a unit file's ExecStart is written either way).
  app.fallthrough();
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  headlined::cli::CommandOptions opts;

  CLI::App* run = app.add_subcommand("run", "run the daemon with a config file");
  run->add_option("-c,--config", opts.config_path, "config file")->required();
  run->add_flag("--once", opts.once, "poll every source once, send what is due, and exit");

  CLI::App* check = app.add_subcommand("check-config", "check a config file: OK or each error");
  check->add_option("config", opts.config_path, "config file")->required();

  CLI::App* show = app.add_subcommand("show", "print a stored snapshot by id or URL");
  show->add_option("id-or-url", opts.target, "snapshot id or original URL")->required();
  show->add_option("-c,--config", opts.config_path, "config file naming the database");
  show->add_option("--db", opts.database, "database file (instead of --config)");
  show->add_flag("--json", opts.json, "print JSON");

  CLI::App* demo = app.add_subcommand("demo", "run against a bundled local news site");
  demo->add_flag("--once", opts.once, "one cycle, then exit");
  demo->add_option(
      "--database", opts.database,
      "store in this SQLite file or postgresql:// URL (default: a new temporary file)");
  headlined::cli::SourceTools source_tools(app);  // extract, parse-feed

  headlined::cli::TestQueryOptions test_query_opts;
  CLI::App* test_query =
      app.add_subcommand("test-query", "try a subscription query on pages or stored snapshots");
  test_query->add_option("query", test_query_opts.query, "the query")->required();
  test_query->add_option("pages", test_query_opts.inputs, "article pages: files or URLs");
  test_query->add_flag("--stored", test_query_opts.stored, "run over the stored snapshots");
  test_query->add_option("--since", test_query_opts.since, "with --stored: only the last 7d, 12h…");
  test_query->add_option("-c,--config", test_query_opts.config_path, "config naming the database");
  test_query->add_option("--db", test_query_opts.database, "database file (instead of --config)");

  headlined::cli::AdminCommands admin(app);  // status, sources, search, takedown, ...
  headlined::cli::DeliveryCommands delivery_commands(app);  // deliveries, redeliver
  headlined::cli::TestChannelOptions test_channel_opts;
  headlined::cli::add_test_channel_command(app, test_channel_opts);
  headlined::cli::SimilarOptions similar_opts;
  headlined::cli::add_similar_command(app, similar_opts);
  headlined::cli::MigrateDbOptions migrate_db_opts;
  headlined::cli::add_migrate_db_command(app, migrate_db_opts);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help exits 0; any usage error exits 2, as documented (CLI11's own codes are 100+).
    return app.exit(e) == 0 ? 0 : 2;
  }
  // Logs go to stderr so that data printed by sub-commands stays clean on stdout.
  headlined::daemon::setup_logging(log_level);

  if (*run) return headlined::cli::command_run(opts);
  if (*check) return headlined::cli::command_check_config(opts);
  if (*show) return headlined::cli::command_show(opts);
  if (*demo) return headlined::cli::command_demo(opts);
  if (*test_query) return headlined::cli::command_test_query(test_query_opts);
  if (auto status = source_tools.run_chosen()) return *status;
  if (auto status = admin.run_chosen()) return *status;
  if (auto status = delivery_commands.run_chosen()) return *status;
  if (*test_channel_opts.command) return headlined::cli::command_test_channel(test_channel_opts);
  if (*similar_opts.command) return headlined::cli::command_similar(similar_opts);
  if (*migrate_db_opts.command) return headlined::cli::command_migrate_db(migrate_db_opts);
  return EXIT_FAILURE;
}
