// `headlined search QUERY`: full-text search over stored snapshots, newest first (the
// "snapshot lookup").
#include <iostream>

#include "cli/admin_support.hpp"
#include "headlined/web/story_format.hpp"

namespace headlined::cli {

int command_search(const AdminOptions& options) {
  const std::string_view command = "search";
  auto store = open_store_for(command, options);
  if (!store) return store.error();
  auto hits = (*store)->search(options.query, options.limit > 0 ? options.limit : 20);
  if (!hits) return report(command, hits.error().to_string(), kExitFailed);
  // A story's other copies; a failed read shows none rather than failing the search.
  auto copies_of = [&](std::int64_t id) {
    auto copies = (*store)->story_copies(id);
    return copies ? *copies : std::vector<store::StoryCopy>{};
  };
  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const store::SearchHit& hit : *hits) {
      list.push_back({{"id", hit.id},
                      {"url", hit.url},
                      {"title", hit.title},
                      {"source", hit.source_name},
                      {"published", hit.published},
                      {"fetched_at", time_json(hit.fetched_at)},
                      {"snippet", hit.snippet},
                      {"story", web::story_json("", copies_of(hit.id))}});
    }
    std::cout << dump_json(list);
  } else {
    for (const store::SearchHit& hit : *hits) {
      std::cout << "#" << hit.id << "  " << time_text(hit.fetched_at) << "  " << hit.title << "\n  "
                << hit.url << "\n  " << hit.snippet << "\n"
                << web::format_story_text("", copies_of(hit.id), "  ");
    }
  }
  // Like grep: a script can tell "nothing found" from "found" by the status alone.
  return hits->empty() ? kExitFailed : kExitDone;
}

}  // namespace headlined::cli
