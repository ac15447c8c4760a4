// `headlined sources`: the configured sources beside the fetch state the daemon stored.
#include <iostream>
#include <map>

#include "cli/admin_support.hpp"
#include "headlined/daemon/discovery.hpp"

namespace headlined::cli {

namespace {

const char* kind_name(SourceKind kind) {
  return daemon::source_kind_name(kind);
}

}  // namespace

int command_sources(const AdminOptions& options) {
  const std::string_view command = "sources";
  if (options.config_path.empty()) {
    return report(command, "give --config FILE (the sources are in the config)", kExitUsage);
  }
  auto config = load_config_for(command, options.config_path);
  if (!config) return kExitUsage;
  AdminOptions with_db = options;
  if (with_db.database.empty()) with_db.database = config->database;
  auto store = open_store_for(command, with_db);
  if (!store) return store.error();
  auto states = (*store)->source_states();
  if (!states) return report(command, states.error().to_string(), kExitFailed);
  std::map<std::string, store::SourceState> by_name;
  for (store::SourceState& s : *states) by_name.emplace(s.name, std::move(s));

  nlohmann::json list = nlohmann::json::array();
  for (const Source& source : config->sources) {
    auto state = by_name.find(source.name);
    const bool polled = state != by_name.end();
    if (options.json) {
      list.push_back({{"name", source.name},
                      {"type", kind_name(source.kind)},
                      {"url", source.url},
                      {"interval_seconds", source.interval.count()},
                      {"last_success", polled ? time_json(state->second.last_success) : nullptr},
                      {"last_error", polled ? state->second.last_error : ""},
                      {"consecutive_failures", polled ? state->second.consecutive_failures : 0},
                      {"next_poll", polled ? time_json(state->second.next_attempt_at) : nullptr},
                      {"discovered", polled ? discovered_json(state->second) : nullptr}});
      continue;
    }
    std::cout << source.name << "  " << kind_name(source.kind) << "  " << source.url << "  every "
              << source.interval.count() << "s\n";
    if (!polled) {
      std::cout << "  not polled yet\n";
      continue;
    }
    std::cout << "  last success " << time_text(state->second.last_success) << ", next poll "
              << time_text(state->second.next_attempt_at) << "\n";
    if (!state->second.discovered_kind.empty()) {
      std::cout << "  " << discovered_text(state->second) << "\n";
    }
    if (state->second.consecutive_failures > 0) {
      std::cout << "  failing: " << state->second.consecutive_failures
                << " consecutive failure(s), backing off\n";
    }
    if (!state->second.last_error.empty()) {
      std::cout << "  last error: " << state->second.last_error << "\n";
    }
  }
  if (options.json) std::cout << dump_json(list);
  return kExitDone;
}

}  // namespace headlined::cli
