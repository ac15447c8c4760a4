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

// WebSub: "push active, lease until ...", "push pending", "push failed: why".
std::string push_text(const store::WebSubRecord& r) {
  std::string text = "push " + r.state + " (hub " + r.hub + ")";
  if (r.lease_expires) text += ", lease until " + time_text(*r.lease_expires);
  if (!r.last_error.empty()) text += ": " + r.last_error;
  return text;
}

nlohmann::json push_json(const store::WebSubRecord* r) {
  if (!r) return nullptr;
  return {{"state", r->state},
          {"hub", r->hub},
          {"topic", r->topic},
          {"lease_expires", r->lease_expires ? time_json(*r->lease_expires) : nullptr},
          {"last_error", r->last_error}};
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
  if (with_db.database.empty()) {
    with_db.database = config->database;
    with_db.database_password = config->database_password;
  }
  auto store = open_store_for(command, with_db);
  if (!store) return store.error();
  auto states = (*store)->source_states();
  if (!states) return report(command, states.error().to_string(), kExitFailed);
  std::map<std::string, store::SourceState> by_name;
  for (store::SourceState& s : *states) by_name.emplace(s.name, std::move(s));
  auto websub = (*store)->websub_records();
  if (!websub) return report(command, websub.error().to_string(), kExitFailed);
  std::map<std::string, store::WebSubRecord> push_by_name;
  for (store::WebSubRecord& r : *websub) push_by_name.emplace(r.source, std::move(r));

  nlohmann::json list = nlohmann::json::array();
  for (const Source& source : config->sources) {
    auto state = by_name.find(source.name);
    const bool polled = state != by_name.end();
    auto push = push_by_name.find(source.name);
    const store::WebSubRecord* pushed = push == push_by_name.end() ? nullptr : &push->second;
    auto rule = config->source_polling.find(source.name);
    const bool fixed = rule == config->source_polling.end() || rule->second.fixed;
    if (options.json) {
      list.push_back({{"name", source.name},
                      {"type", kind_name(source.kind)},
                      {"url", source.url},
                      {"interval_seconds", source.interval.count()},
                      {"last_success", polled ? time_json(state->second.last_success) : nullptr},
                      {"last_error", polled ? state->second.last_error : ""},
                      {"consecutive_failures", polled ? state->second.consecutive_failures : 0},
                      {"next_poll", polled ? time_json(state->second.next_attempt_at) : nullptr},
                      {"discovered", polled ? discovered_json(state->second) : nullptr},
                      {"interval_fixed", fixed},
                      {"current_interval_seconds", polled && state->second.poll_interval > 0
                                                       ? nlohmann::json(state->second.poll_interval)
                                                       : nlohmann::json(nullptr)},
                      {"interval_reason", polled ? state->second.poll_reason : ""},
                      {"push", push_json(pushed)}});
      continue;
    }
    std::cout << source.name << "  " << kind_name(source.kind) << "  " << source.url << "  ";
    if (fixed)
      std::cout << "every " << source.interval.count() << "s\n";
    else
      std::cout << "adaptive " << rule->second.min_interval.count() << "-"
                << rule->second.max_interval.count() << "s\n";
    if (pushed) std::cout << "  " << push_text(*pushed) << "\n";
    if (!polled) {
      std::cout << "  not polled yet\n";
      continue;
    }
    std::cout << "  last success " << time_text(state->second.last_success) << ", next poll "
              << time_text(state->second.next_attempt_at) << "\n";
    if (state->second.poll_interval > 0)
      std::cout << "  current interval " << state->second.poll_interval
                << "s: " << state->second.poll_reason << "\n";
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
