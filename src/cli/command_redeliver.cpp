// `headlined redeliver ID | --all-failed`: a dead delivery is queued again (attempts reset,
// due now, its channel re-enabled); the running daemon picks it up within a second.
#include <iostream>

#include "cli/admin_support.hpp"
#include "cli/delivery_commands.hpp"
#include "headlined/core/time.hpp"

namespace headlined::cli {

int command_redeliver(const DeliveryOptions& options) {
  if (options.id <= 0 && !options.all_failed)
    return report("redeliver", "give a delivery id or --all-failed", kExitUsage);
  auto store = open_store_for("redeliver", options.store);
  if (!store) return store.error();
  if (options.all_failed) {
    auto count = (*store)->requeue_dead(now_unix());
    if (!count) return report("redeliver", count.error().to_string(), kExitFailed);
    std::cout << "queued " << *count << " failed deliver" << (*count == 1 ? "y" : "ies")
              << " again\n";
    return *count > 0 ? kExitDone : kExitFailed;
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
