// `headlined status`: the daemon's health as the database records it.
#include <algorithm>
#include <ctime>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli/admin_support.hpp"
#include "headlined/core/time.hpp"

namespace headlined::cli {

namespace {

// The start of today in the machine's local time zone, as "today" means to the admin.
UnixTime start_of_local_day(UnixTime now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm local{};
  localtime_r(&t, &local);
  local.tm_hour = 0;
  local.tm_min = 0;
  local.tm_sec = 0;
  local.tm_isdst = -1;
  return static_cast<UnixTime>(std::mktime(&local));
}

// A node whose last heartbeat is older than its lease period has stopped or died: its leases
// have expired, and other nodes do its work (docs/scaling.md).
bool stale(const store::NodeRecord& node, UnixTime now) {
  return (now - node.heartbeat_at) * 1000 > node.lease_period_ms;
}

// The sources each node holds a lease on now (polls in flight), by node, in name order.
std::map<std::string, std::vector<std::string>> sources_by_node(
    const std::vector<store::LeaseRecord>& leases) {
  std::map<std::string, std::vector<std::string>> out;
  for (const store::LeaseRecord& lease : leases)
    if (lease.kind == store::LeaseKind::Source) out[lease.node].push_back(lease.name);
  return out;
}

}  // namespace

int command_status(const AdminOptions& options) {
  const std::string_view command = "status";
  auto store = open_store_for(command, options);
  if (!store) return store.error();
  const UnixTime now = now_unix();
  auto sources = (*store)->source_states();
  auto counts = (*store)->delivery_counts();
  auto today = (*store)->snapshot_count(start_of_local_day(now));
  auto total = (*store)->snapshot_count();
  auto paused = (*store)->disabled_channels();
  const std::int64_t now_ms = now_unix_ms();
  auto nodes = (*store)->nodes(now_ms);
  auto leases = (*store)->leases(now_ms);
  for (const Error* e : {sources ? nullptr : &sources.error(), counts ? nullptr : &counts.error(),
                         today ? nullptr : &today.error(), total ? nullptr : &total.error(),
                         paused ? nullptr : &paused.error(), nodes ? nullptr : &nodes.error(),
                         leases ? nullptr : &leases.error()}) {
    if (e) return report(command, e->to_string(), kExitFailed);
  }
  std::map<std::string, std::vector<std::string>> held = sources_by_node(*leases);

  // The daemon cannot record that its database is full or read-only (that is a write):
  // the files are looked at here instead.
  const store::StorageCheck storage = (*store)->check_storage();

  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const store::SourceState& s : *sources) {
      list.push_back({{"name", s.name},
                      {"url", s.url},
                      {"last_success", time_json(s.last_success)},
                      {"last_error", s.last_error},
                      {"consecutive_failures", s.consecutive_failures},
                      {"next_poll", time_json(s.next_attempt_at)},
                      {"discovered", discovered_json(s)}});
    }
    nlohmann::json channels = nlohmann::json::array();
    for (const store::ChannelDisabled& c : *paused)
      channels.push_back(
          {{"channel", c.channel}, {"reason", c.reason}, {"since", time_json(c.at)}});
    nlohmann::json node_list = nlohmann::json::array();
    for (const store::NodeRecord& n : *nodes)
      node_list.push_back({{"name", n.name},
                           {"version", n.version},
                           {"started_at", time_json(n.started_at)},
                           {"last_heartbeat", time_json(n.heartbeat_at)},
                           {"stale", stale(n, now)},
                           {"sources_held", n.sources_held},
                           {"held_sources", held[n.name]}});
    nlohmann::json out = {
        {"schema_version", (*store)->schema_version()},
        {"nodes", std::move(node_list)},
        {"paused_channels", std::move(channels)},
        {"database",
         {{"path", storage.path},
          {"writable", storage.problem.empty()},
          {"problem", storage.problem},
          {"free_bytes",
           storage.free_bytes ? nlohmann::json(*storage.free_bytes) : nlohmann::json(nullptr)}}},
        {"sources", std::move(list)},
        {"articles", {{"today", *today}, {"total", *total}}},
        {"deliveries",
         {{"pending", counts->pending},
          {"failing", counts->failing},
          {"sent", counts->sent},
          {"dead", counts->dead},
          {"oldest_pending_created", time_json(counts->oldest_pending_created)}}}};
    std::cout << dump_json(out);
    return kExitDone;
  }

  std::cout << "database: " << storage.path;
  if (!storage.problem.empty()) {
    std::cout << ": " << storage.problem << ": the daemon cannot store new articles";
  } else if (storage.free_bytes) {
    std::cout << " (" << *storage.free_bytes / (1024 * 1024) << " MiB free)";
  }
  std::cout << "\n";
  std::cout << "nodes: " << nodes->size() << "\n";
  for (const store::NodeRecord& n : *nodes) {
    std::cout << "  " << n.name << "  last heartbeat " << time_text(n.heartbeat_at) << " ("
              << std::max<UnixTime>(0, now - n.heartbeat_at) << " s ago"
              << (stale(n, now) ? ", stale: stopped or dead" : "") << "), " << n.sources_held
              << " source(s) held";
    if (!held[n.name].empty()) std::cout << " (" << comma_joined(held[n.name]) << ")";
    if (!n.version.empty()) std::cout << ", version " << n.version;
    std::cout << "\n";
  }
  std::cout << "sources: " << sources->size() << "\n";
  for (const store::SourceState& s : *sources) {
    std::cout << "  " << s.name << "  " << s.url << "\n"
              << "    last success " << time_text(s.last_success) << ", next poll "
              << time_text(s.next_attempt_at);
    if (!s.discovered_kind.empty()) std::cout << "\n    " << discovered_text(s);
    if (!s.last_error.empty()) {
      std::cout << "\n    last error (" << s.consecutive_failures
                << " failure(s) in a row): " << s.last_error;
    }
    std::cout << "\n";
  }
  std::cout << "articles: " << *today << " stored today, " << *total << " in all\n";
  std::cout << "deliveries: " << counts->pending << " pending (" << counts->failing << " failing), "
            << counts->sent << " sent, " << counts->dead << " dead";
  if (counts->oldest_pending_created) {
    std::cout << "; oldest pending since " << time_text(counts->oldest_pending_created);
  }
  std::cout << "\n";
  // A paused channel sends nothing until its settings are fixed: the admin must see why.
  for (const store::ChannelDisabled& c : *paused) {
    std::cout << "channel '" << c.channel << "' paused since " << time_text(c.at) << ": "
              << c.reason << "\n  (its deliveries wait; fix the channel, then `systemctl reload "
              << "headlined` or `headlined redeliver --channel " << c.channel << "`)\n";
  }
  return kExitDone;
}

}  // namespace headlined::cli
