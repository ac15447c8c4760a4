#include "headlined/config/database_path.hpp"

#include <filesystem>

namespace headlined::config {

namespace {

// SQLite names that are not files, and PostgreSQL URLs, stay as written.
bool is_file_path(const std::string& database) {
  return database != ":memory:" && !database.starts_with("file:") &&
         !database.starts_with("postgresql://") && !database.starts_with("postgres://");
}

}  // namespace

std::string resolve_database_path(const std::string& database, const std::string& config_file) {
  std::filesystem::path db(database);
  if (!is_file_path(database) || db.is_absolute()) return database;
  std::filesystem::path dir = std::filesystem::path(config_file).parent_path();
  if (dir.empty()) return database;
  return (dir / db).lexically_normal().string();
}

std::optional<std::string> database_kept_by_earlier_versions(const std::string& written,
                                                             const std::string& resolved,
                                                             const std::string& state_directory) {
  if (state_directory.empty() || !is_file_path(written) ||
      std::filesystem::path(written).is_absolute())
    return std::nullopt;
  std::error_code ec;
  if (std::filesystem::exists(resolved, ec)) return std::nullopt;
  // systemd may list several folders separated by ':'; the first is the unit's own.
  const std::filesystem::path earlier =
      (std::filesystem::path(state_directory.substr(0, state_directory.find(':'))) / written)
          .lexically_normal();
  if (!std::filesystem::is_regular_file(earlier, ec)) return std::nullopt;
  return earlier.string();
}

std::optional<std::string> database_outside_state_directory(const std::string& database,
                                                            const std::string& state_directory) {
  if (state_directory.empty() || !is_file_path(database)) return std::nullopt;
  // systemd may list several folders separated by ':'; the first is the unit's own.
  std::filesystem::path state =
      std::filesystem::path(state_directory.substr(0, state_directory.find(':')))
          .lexically_normal();
  if (!state.has_filename()) state = state.parent_path();  // "/var/lib/headlined/"
  const std::filesystem::path folder = std::filesystem::path(database).parent_path();
  const std::filesystem::path relative = folder.lexically_relative(state);
  if (!relative.empty() && *relative.begin() != "..") return std::nullopt;
  return "the database " + database + " is outside " + state.string() +
         ", the only folder the service may write (StateDirectory=): name it in the config as "
         "\"database\": \"" +
         (state / std::filesystem::path(database).filename()).string() +
         "\" (an absolute path, which the admin commands use as well)";
}

}  // namespace headlined::config
