#pragma once

#include "headlined/store/store.hpp"

namespace headlined::daemon {

// Moves the raw pages an older version stored inside the snapshots rows into their own table
// (Store::move_raw_pages), in batches, before the daemon reports ready: logged every 10 s,
// asking systemd for more start time as it goes. Resumable: a stop keeps every finished
// batch. A failure (e.g. a full disk) is logged and does not stop the start: reads take the
// page from either place, and the next start goes on.
void move_raw_pages_at_start(store::Store& store);

}  // namespace headlined::daemon
