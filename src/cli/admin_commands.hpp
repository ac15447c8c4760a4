#pragma once
// Registers the admin commands (status, sources, subscriptions, search, takedown, purge,
// export, backup, serve, takedown-requests) on the CLI and runs the one chosen, so main.cpp needs
// two lines for them.

#include <CLI/CLI.hpp>

#include <optional>

#include "cli/commands.hpp"

namespace headlined::cli {

class AdminCommands {
 public:
  explicit AdminCommands(CLI::App& app);
  // The exit status of the admin command given on the command line, or nullopt if none was.
  std::optional<int> run_chosen() const;

 private:
  // Adds a sub-command with the database options (-c/--config, --db) and, for data, --json.
  CLI::App* add(CLI::App& app, const char* name, const char* description, bool json);

  AdminOptions options_;
  CLI::App* status_ = nullptr;
  CLI::App* sources_ = nullptr;
  CLI::App* subscriptions_ = nullptr;
  CLI::App* search_ = nullptr;
  CLI::App* takedown_ = nullptr;
  CLI::App* purge_ = nullptr;
  CLI::App* export_ = nullptr;
  CLI::App* backup_ = nullptr;
  CLI::App* serve_ = nullptr;
  CLI::App* takedown_requests_ = nullptr;
};

}  // namespace headlined::cli
