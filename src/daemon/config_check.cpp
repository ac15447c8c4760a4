#include "headlined/daemon/config_check.hpp"

#include "headlined/match/query.hpp"
#include "headlined/store/pg_url.hpp"
#include "headlined/store/store.hpp"

namespace headlined::daemon {

void check_queries(config::LoadResult& result) {
  for (const config::SubscriptionEntry& entry : result.config.subscriptions) {
    const std::string& query = entry.subscription.query;
    if (query.empty()) continue;  // the config module already reported it
    auto parsed = match::Query::parse(query);
    if (parsed) continue;
    // The offset is into the decoded query; the file may spell it with escapes.
    config::Position pos = config::query_position(entry, parsed.error().offset);
    result.errors.push_back(config::ConfigError{
        result.config.path, pos,
        "subscription '" + entry.subscription.name + "': query: " + parsed.error().reason});
  }
}

void check_database_url(config::LoadResult& result) {
  const std::string& database = result.config.database;
  if (!store::is_postgresql_location(database)) return;
  if (auto problem = store::postgresql_url_problem(database)) {
    result.errors.push_back(config::ConfigError{
        result.config.path,
        {},
        "'database' " + store::masked_postgresql_url(database) + ": " + *problem});
  }
}

config::LoadResult load_and_check_config(const std::string& path, config::Secrets secrets) {
  config::LoadResult result = config::load_config_file(path, secrets);
  check_queries(result);
  check_database_url(result);
  return result;
}

}  // namespace headlined::daemon
