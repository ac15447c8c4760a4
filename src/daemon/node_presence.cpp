#include "headlined/daemon/node_presence.hpp"

#include <spdlog/spdlog.h>

#include "headlined/core/time.hpp"

namespace headlined::daemon {

NodePresence::NodePresence(store::Store& store, std::string node,
                           std::chrono::milliseconds lease_period, std::string version)
    : store_(store),
      node_(std::move(node)),
      lease_period_(lease_period),
      version_(std::move(version)),
      started_at_(now_unix()) {}

Result<void> NodePresence::heartbeat() {
  return store_.record_heartbeat(
      {node_, started_at_, now_unix(), version_, lease_period_.count(), 0});
}

bool NodePresence::take_source(const std::string& source) {
  const std::int64_t now = now_unix_ms();
  auto taken =
      store_.take_lease(store::LeaseKind::Source, source, node_, now, now + lease_period_.count());
  if (!taken) {
    spdlog::warn("node {}: lease on source '{}' not taken: {}", node_, source,
                 taken.error().to_string());
    return false;
  }
  return *taken;
}

std::vector<std::string> NodePresence::renew_sources(const std::vector<std::string>& sources) {
  std::vector<std::string> lost;
  for (const std::string& source : sources) {
    // A renewal that fails for a store error is tried again next time; only a lease another
    // node took is lost.
    const std::int64_t now = now_unix_ms();
    auto renewed = store_.take_lease(store::LeaseKind::Source, source, node_, now,
                                     now + lease_period_.count());
    if (renewed && !*renewed) lost.push_back(source);
  }
  return lost;
}

void NodePresence::release_source(const std::string& source) {
  if (auto r = store_.release_lease(store::LeaseKind::Source, source, node_); !r)
    spdlog::warn("node {}: lease on source '{}' not released (it expires by itself): {}", node_,
                 source, r.error().to_string());
}

std::string NodePresence::holder_of(const std::string& source) const {
  auto leases = store_.leases(now_unix_ms());
  if (!leases) return "";
  for (const store::LeaseRecord& lease : *leases)
    if (lease.kind == store::LeaseKind::Source && lease.name == source) return lease.node;
  return "";
}

void NodePresence::release_all() {
  if (auto r = store_.release_leases(node_); !r)
    spdlog::warn("node {}: leases not released (they expire by themselves): {}", node_,
                 r.error().to_string());
}

std::string once_node_name(const std::string& node) {
  constexpr std::size_t kMaxName = 64;
  const std::string suffix = ":once";
  return node.substr(0, kMaxName - suffix.size()) + suffix;
}

}  // namespace headlined::daemon
