#pragma once
// How a stored snapshot is shown to a person: the layout of the original service's snapshot
// page (see shared/seed/snapshot-example.txt), or JSON for scripts.

#include <string>

#include "headlined/core/types.hpp"

namespace headlined::daemon {

std::string format_snapshot_text(const Snapshot& snapshot);
std::string format_snapshot_json(const Snapshot& snapshot, const std::vector<Match>& matches);

}  // namespace headlined::daemon
