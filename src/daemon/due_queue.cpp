#include "headlined/daemon/due_queue.hpp"

namespace headlined::daemon {

void DueQueue::push(const std::string& name, UnixTime due_at) {
  if (queued_.contains(name)) return;
  Place place{due_at, next_order_, name};
  if (auto kept = kept_.find(name); kept != kept_.end()) {
    place = kept->second;
    kept_.erase(kept);
  } else {
    ++next_order_;
  }
  line_.insert(place);
  queued_.emplace(name, std::move(place));
}

std::optional<std::string> DueQueue::pop() {
  if (line_.empty()) return std::nullopt;
  auto first = line_.begin();
  std::string name = std::get<2>(*first);
  line_.erase(first);
  auto queued = queued_.find(name);
  kept_.insert_or_assign(name, std::move(queued->second));
  queued_.erase(queued);
  return name;
}

void DueQueue::forget(const std::string& name) {
  kept_.erase(name);
}

}  // namespace headlined::daemon
