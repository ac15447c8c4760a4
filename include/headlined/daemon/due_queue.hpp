#pragma once
// The sources a node has found due, served in the order they fell due: the most overdue first,
// and among sources due at the same time, the one queued first. A source another node held
// when a worker reached it (and is looked at again a second later) keeps its place. With a
// plain first-in-first-out line it went to the back each second, so a dead node's source, due
// long before, waited behind every poll the survivors had queued since (docs/scaling.md).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "headlined/core/types.hpp"

namespace headlined::daemon {

class DueQueue {
 public:
  // Queues `name`, due since `due_at`. A source already queued is left where it is; one popped
  // and not yet forgotten goes back to the place it had, whatever `due_at` says now.
  void push(const std::string& name, UnixTime due_at);
  // The source to poll next, or none when the queue is empty. It keeps its place until
  // forget(name): a source another node held, pushed again a second later, is not sent to the
  // back of the line.
  std::optional<std::string> pop();
  // `name` was polled (or found not due, or is gone): its next push is a new place in line.
  void forget(const std::string& name);

  bool empty() const { return line_.empty(); }
  std::size_t size() const { return line_.size(); }

 private:
  // (due at, order of first queueing, name): std::set keeps them sorted.
  using Place = std::tuple<UnixTime, std::uint64_t, std::string>;
  std::set<Place> line_;
  std::map<std::string, Place> queued_;  // each queued source's place
  std::map<std::string, Place> kept_;    // places of popped sources not yet forgotten
  std::uint64_t next_order_ = 0;
};

}  // namespace headlined::daemon
