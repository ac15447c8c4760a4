// `headlined subscriptions`: the configured subscriptions and how much each has matched.
#include <iostream>

#include "cli/admin_support.hpp"

namespace headlined::cli {

int command_subscriptions(const AdminOptions& options) {
  const std::string_view command = "subscriptions";
  if (options.config_path.empty()) {
    return report(command, "give --config FILE (the subscriptions are in the config)", kExitUsage);
  }
  auto config = load_config_for(command, options.config_path);
  if (!config) return kExitUsage;
  AdminOptions with_db = options;
  if (with_db.database.empty()) {
    with_db.database = config->database;
    with_db.database_password = config->database_password;
  }
  auto store = open_store_for(command, with_db);
  if (!store) return store.error();
  auto stats = (*store)->subscription_stats();
  if (!stats) return report(command, stats.error().to_string(), kExitFailed);

  nlohmann::json list = nlohmann::json::array();
  for (const config::SubscriptionEntry& entry : config->subscriptions) {
    const Subscription& sub = entry.subscription;
    auto found = stats->find(sub.name);
    const store::SubscriptionStats figures =
        found == stats->end() ? store::SubscriptionStats{} : found->second;
    if (options.json) {
      list.push_back({{"name", sub.name},
                      {"query", sub.query},
                      {"channels", sub.channels},
                      {"matches", figures.matches},
                      {"last_match", time_json(figures.last_match_fetched_at)}});
      continue;
    }
    std::cout << sub.name << "  " << figures.matches << " match(es), last "
              << time_text(figures.last_match_fetched_at) << "\n  query: " << sub.query
              << "\n  channels:";
    for (const std::string& channel : sub.channels) std::cout << " " << channel;
    std::cout << "\n";
  }
  if (options.json) std::cout << dump_json(list);
  return kExitDone;
}

}  // namespace headlined::cli
