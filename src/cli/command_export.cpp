// `headlined export --subscription NAME --format atom|json`: a subscription's matches as a
// feed any reader can follow, or as JSON.
#include <algorithm>
#include <iostream>

#include "cli/admin_support.hpp"
#include "headlined/core/time.hpp"
#include "headlined/web/atom_feed.hpp"

namespace headlined::cli {

int command_export(const AdminOptions& options) {
  const std::string_view command = "export";
  web::ExportedFeed feed;
  feed.subscription = options.subscription;
  feed.generated_at = now_unix();
  AdminOptions with_db = options;
  if (!options.config_path.empty()) {
    // With the config at hand, a misspelt name is an error rather than an empty feed.
    auto config = load_config_for(command, options.config_path);
    if (!config) return kExitUsage;
    auto entry = std::ranges::find_if(config->subscriptions, [&](const auto& e) {
      return e.subscription.name == options.subscription;
    });
    if (entry == config->subscriptions.end()) {
      return report(
          command, "no subscription named '" + options.subscription + "' in " + options.config_path,
          kExitFailed);
    }
    feed.query = entry->subscription.query;
    if (with_db.database.empty()) {
      with_db.database = config->database;
      with_db.database_password = config->database_password;
    }
  }
  auto store = open_store_for(command, with_db);
  if (!store) return store.error();
  auto articles =
      (*store)->subscription_matches(options.subscription, options.limit > 0 ? options.limit : 50);
  if (!articles) return report(command, articles.error().to_string(), kExitFailed);
  feed.articles = std::move(*articles);
  for (const store::MatchedArticle& item : feed.articles) {
    auto copies = (*store)->story_copies(item.snapshot.id);
    if (copies && !copies->empty()) feed.story_copies[item.snapshot.id] = std::move(*copies);
  }
  std::cout << (options.format == "json" ? web::render_export_json(feed) : web::render_atom(feed));
  return kExitDone;
}

}  // namespace headlined::cli
