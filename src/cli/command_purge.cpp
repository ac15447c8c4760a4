// `headlined purge --older-than 90d`: retention by hand (the daemon applies the config's
// "retention" itself).
#include <iostream>

#include "cli/admin_support.hpp"
#include "headlined/config/duration.hpp"
#include "headlined/core/time.hpp"

namespace headlined::cli {

int command_purge(const AdminOptions& options) {
  const std::string_view command = "purge";
  std::chrono::seconds age{0};
  if (!options.older_than.empty()) {
    auto parsed = config::parse_duration(options.older_than);
    if (!parsed) return report(command, "--older-than: " + parsed.error(), kExitUsage);
    age = *parsed;
  } else if (!options.config_path.empty()) {
    auto config = load_config_for(command, options.config_path);
    if (!config) return kExitUsage;
    age = config->retention;
  }
  if (age.count() <= 0) {
    return report(command, "give --older-than DURATION (or a config with \"retention\")",
                  kExitUsage);
  }
  auto store = open_store_for(command, options);
  if (!store) return store.error();
  const UnixTime cutoff = now_unix() - age.count();
  auto purged = (*store)->purge_older_than(cutoff);
  if (!purged) return report(command, purged.error().to_string(), kExitFailed);
  if (options.json) {
    std::cout << dump_json({{"cutoff", time_json(cutoff)},
                            {"removed", purged->snapshots_removed},
                            {"kept_for_pending", purged->kept_for_pending}});
    return kExitDone;
  }
  std::cout << "removed " << purged->snapshots_removed << " snapshot(s) fetched before "
            << time_text(cutoff);
  if (purged->kept_for_pending > 0) {
    std::cout << "; kept " << purged->kept_for_pending
              << " older one(s) until their pending deliveries end";
  }
  std::cout << "\n";
  return kExitDone;
}

}  // namespace headlined::cli
