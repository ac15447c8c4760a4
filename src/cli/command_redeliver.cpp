// `headlined redeliver ID | --all-failed | --channel NAME`: a dead delivery is queued again
// (attempts reset, due now, its channel's pause lifted); a paused channel's pending
// deliveries are made due now. The running daemon picks them up within a second.
#include <algorithm>
#include <iostream>

#include "cli/admin_support.hpp"
#include "cli/delivery_commands.hpp"
#include "headlined/core/time.hpp"

namespace headlined::cli {

namespace {

// Lifts the pause of `channel` and makes its pending deliveries due; prints what it did.
int resume(store::Store& store, const std::string& channel, bool required) {
  auto paused = store.disabled_channels();
  if (!paused) return report("redeliver", paused.error().to_string(), kExitFailed);
  const bool was_paused = std::ranges::any_of(
      *paused, [&](const store::ChannelDisabled& c) { return c.channel == channel; });
  if (!was_paused && required)
    return report("redeliver", "channel '" + channel + "' is not paused: nothing to do",
                  kExitFailed);
  auto due = store.resume_channel(channel, now_unix(), true);
  if (!due) return report("redeliver", due.error().to_string(), kExitFailed);
  std::cout << "channel '" << channel << "' resumed: " << *due << " pending deliver"
            << (*due == 1 ? "y" : "ies") << " due now\n";
  return kExitDone;
}

}  // namespace

int command_redeliver(const DeliveryOptions& options) {
  if (options.id <= 0 && !options.all_failed && options.channel.empty())
    return report("redeliver", "give a delivery id, --all-failed or --channel NAME", kExitUsage);
  auto store = open_store_for("redeliver", options.store);
  if (!store) return store.error();
  if (!options.channel.empty()) return resume(**store, options.channel, true);
  if (options.all_failed) {
    // Paused channels first: their pending deliveries are "failed" too, as an admin sees it.
    int resumed = 0;
    if (auto paused = (*store)->disabled_channels()) {
      for (const store::ChannelDisabled& c : *paused) {
        if (resume(**store, c.channel, false) != kExitDone) return kExitFailed;
        ++resumed;
      }
    }
    auto count = (*store)->requeue_dead(now_unix());
    if (!count) return report("redeliver", count.error().to_string(), kExitFailed);
    std::cout << "queued " << *count << " failed deliver" << (*count == 1 ? "y" : "ies")
              << " again\n";
    return *count > 0 || resumed > 0 ? kExitDone : kExitFailed;
  }
  auto queued = (*store)->requeue_delivery(options.id, now_unix());
  if (!queued) return report("redeliver", queued.error().to_string(), kExitFailed);
  if (!*queued) {
    return report("redeliver",
                  "delivery #" + std::to_string(options.id) + " is still pending: nothing to do",
                  kExitFailed);
  }
  std::cout << "queued delivery #" << options.id << " again\n";
  return kExitDone;
}

}  // namespace headlined::cli
