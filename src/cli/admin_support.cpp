#include "cli/admin_support.hpp"

#include <filesystem>
#include <iostream>

#include "headlined/core/time.hpp"
#include "headlined/store/pg_url.hpp"

namespace headlined::cli {

int report(std::string_view command, const std::string& message, int status) {
  std::cerr << "headlined " << command << ": " << message << "\n";
  return status;
}

std::optional<config::Config> load_config_for(std::string_view command, const std::string& path) {
  // No admin command sends anything: the channels' secrets, which only the service may be
  // able to read (its Environment=, its LoadCredential= files), are left unread.
  config::LoadResult loaded = config::load_config_file(path, config::Secrets::Skip);
  if (loaded.ok()) return std::move(loaded.config);
  for (const config::ConfigError& e : loaded.errors) {
    report(command, e.to_string(), kExitUsage);
  }
  return std::nullopt;
}

std::expected<std::unique_ptr<store::Store>, int> open_store_for(std::string_view command,
                                                                 const AdminOptions& options) {
  std::string database = options.database;
  std::string password = options.database_password;
  if (database.empty()) {
    if (options.config_path.empty()) {
      return std::unexpected(report(command, "give --db FILE or --config FILE", kExitUsage));
    }
    auto loaded = load_config_for(command, options.config_path);
    if (!loaded) return std::unexpected(kExitUsage);
    database = loaded->database;
    password = loaded->database_password;
  }
  const bool plain_file = database != ":memory:" && !database.starts_with("file:") &&
                          !store::is_postgresql_location(database);
  std::error_code ec;
  if (plain_file && !std::filesystem::exists(database, ec)) {
    return std::unexpected(report(command, "no database at " + database, kExitFailed));
  }
  if (store::is_postgresql_location(database)) {
    // A URL libpq cannot use is the caller's mistake (exit 2); a server that does not answer
    // is a failure (exit 1, at once: an admin command does not wait for the server).
    if (auto problem = store::postgresql_url_problem(database))
      return std::unexpected(
          report(command, store::masked_postgresql_url(database) + ": " + *problem, kExitUsage));
  }
  auto store = store::Store::open(database, password);
  if (!store) return std::unexpected(report(command, store.error().to_string(), kExitFailed));
  return std::move(*store);
}

nlohmann::json time_json(std::optional<UnixTime> t) {
  if (!t) return nullptr;
  return format_utc_iso(*t);
}

std::string time_text(std::optional<UnixTime> t) {
  return t ? format_local_time(*t) : "-";
}

nlohmann::json discovered_json(const store::SourceState& state) {
  if (state.discovered_kind.empty()) return nullptr;
  return {{"type", state.discovered_kind},
          {"url", state.discovered_url},
          {"reason", state.discovered_reason}};
}

std::string discovered_text(const store::SourceState& state) {
  return "discovered " + state.discovered_kind + " " + state.discovered_url + " (" +
         state.discovered_reason + ")";
}

std::string comma_joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace headlined::cli
