#pragma once

#include <cstdint>

namespace headlined::store {

// Snapshots removed per transaction by retention and takedown purges, on either database:
// each batch is its own short transaction, so the daemon's writer waits at most one batch
// and a story's head stays while a copy of it is stored.
inline constexpr std::int64_t kPurgeBatchSize = 200;

}  // namespace headlined::store
