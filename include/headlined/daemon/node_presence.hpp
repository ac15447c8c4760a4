#pragma once
// This daemon as one node among several sharing the database (docs/scaling.md): its
// heartbeat, and the leases on sources it polls. The store makes each lease atomic; this
// class knows the node's name and lease period, renews what is in flight and gives
// everything up on a clean stop. Thread-safe (the store is).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "headlined/core/types.hpp"
#include "headlined/store/store.hpp"

namespace headlined::daemon {

class NodePresence {
 public:
  NodePresence(store::Store& store, std::string node, std::chrono::milliseconds lease_period,
               std::string version);

  const std::string& name() const { return node_; }
  std::chrono::milliseconds lease_period() const { return lease_period_; }

  // Records that the node is alive (the first beat also records when it started).
  Result<void> heartbeat();

  // True when this node may poll `source` now: it took (or already held) the lease.
  // A store error counts as "not now": the source is tried again shortly.
  bool take_source(const std::string& source);
  // Extends the leases of the polls in flight; returns those that were lost (the node
  // stalled past its lease period and another node took them).
  std::vector<std::string> renew_sources(const std::vector<std::string>& sources);
  void release_source(const std::string& source);
  // The node whose unexpired lease `source` is under, or "" (none, or a store error).
  std::string holder_of(const std::string& source) const;
  // A clean stop: every lease goes at once, so other nodes need not wait for expiry.
  void release_all();

 private:
  store::Store& store_;
  std::string node_;
  std::chrono::milliseconds lease_period_;
  std::string version_;
  UnixTime started_at_;
};

// The name a `run --once` takes beside the config's `node`: a running daemon on the same host
// with the same config is another node, whose leases and delivery claims the one-off run
// must neither use nor release. Stays within the 64 characters a node name may have.
std::string once_node_name(const std::string& node);

}  // namespace headlined::daemon
