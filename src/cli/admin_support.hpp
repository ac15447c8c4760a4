#pragma once
// What the admin commands (status, sources, search, takedown, ...) share: exit statuses,
// finding the database from --db or --config, and JSON and time output.

#include <nlohmann/json.hpp>

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "headlined/config/config.hpp"
#include "headlined/store/store.hpp"

namespace headlined::cli {

// Exit statuses of the admin commands (docs/operations.md): 0 done, 1 failed or nothing
// found, 2 bad usage or a bad config file.
constexpr int kExitDone = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Loads the config file, printing every error prefixed with the command's name. Secrets
// ({"env": …}, {"file": …}) are not read: no admin command needs them.
std::optional<config::Config> load_config_for(std::string_view command, const std::string& path);

// The store named by --db, else by the database of --config. A database file that does not
// exist is an error rather than a new empty database: a typo must not look like "no data".
std::expected<std::unique_ptr<store::Store>, int> open_store_for(std::string_view command,
                                                                 const AdminOptions& options);

// Prints "headlined <command>: <message>" to stderr and returns `status`.
int report(std::string_view command, const std::string& message, int status);

// An ISO 8601 UTC time, or JSON null when absent.
nlohmann::json time_json(std::optional<UnixTime> t);
// "2024-04-14 08:45:07" local time, or "-" when absent.
std::string time_text(std::optional<UnixTime> t);

// What feed discovery chose for a source of type "auto", as {"type", "url", "reason"}, or
// JSON null when nothing was chosen (another type, or not polled yet).
nlohmann::json discovered_json(const store::SourceState& state);
// "discovered feed https://... (the page announces it: ...)".
std::string discovered_text(const store::SourceState& state);

// "a, b, c": names or terms in one line of text output.
std::string comma_joined(const std::vector<std::string>& items);

// Pretty JSON with a final newline; invalid UTF-8 (never expected) is replaced, not thrown.
std::string dump_json(const nlohmann::json& value);

}  // namespace headlined::cli
