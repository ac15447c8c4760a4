#pragma once
// How a stored snapshot is shown to a person: the layout of the original service's snapshot
// page (本文转自 line, title, sub-title, byline, body, 快照生成时间, original address and the
// takedown line), or JSON for scripts.

#include <string>

#include "headlined/core/types.hpp"

namespace headlined::daemon {

std::string format_snapshot_text(const Snapshot& snapshot);
std::string format_snapshot_json(const Snapshot& snapshot, const std::vector<Match>& matches);

}  // namespace headlined::daemon
