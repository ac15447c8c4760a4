#pragma once
// Where the database is: one rule for the daemon and every admin command, so that
// `headlined status --config FILE` from a root shell opens the file the service writes.

#include <optional>
#include <string>

namespace headlined::config {

// `database` as written in the config file `config_file`: an absolute path stays; a relative
// one resolves against the config file's folder; SQLite names that are not files
// (":memory:", "file:…") stay as written. No environment variable changes the answer (the
// installed config names /var/lib/headlined/headlined.db).
std::string resolve_database_path(const std::string& database, const std::string& config_file);

// Earlier versions resolved a relative `database` against the service's state folder
// ($STATE_DIRECTORY, /var/lib/headlined). An upgraded install whose edited config still names
// a relative path would otherwise open an empty database beside the config (or fail to, the
// unit lets it write nowhere else). So when `written` is relative, `resolved` (the path by
// today's rule) does not exist and the file by the earlier rule does, that file is the
// answer; the caller warns and says what to write instead. Nothing otherwise.
std::optional<std::string> database_kept_by_earlier_versions(const std::string& written,
                                                             const std::string& resolved,
                                                             const std::string& state_directory);

// When the daemon runs under systemd (`state_directory` is $STATE_DIRECTORY, the only folder
// the unit lets it write) and `database` lies outside it: what to write in the config
// instead. Nothing otherwise.
std::optional<std::string> database_outside_state_directory(const std::string& database,
                                                            const std::string& state_directory);

}  // namespace headlined::config
