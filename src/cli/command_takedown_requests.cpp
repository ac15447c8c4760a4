// `headlined takedown-requests`: what readers asked to delete through the web front's
// /takedown form, oldest first. Nothing is deleted until an admin runs `headlined takedown`.
#include <iostream>

#include "cli/admin_support.hpp"

namespace headlined::cli {

int command_takedown_requests(const AdminOptions& options) {
  const std::string_view command = "takedown-requests";
  auto store = open_store_for(command, options);
  if (!store) return store.error();
  auto requests = (*store)->takedown_requests();
  if (!requests) return report(command, requests.error().to_string(), kExitFailed);
  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const store::TakedownRequest& r : *requests) {
      list.push_back({{"id", r.id},
                      {"url", r.url},
                      {"contact", r.contact},
                      {"reason", r.reason},
                      {"client", r.client},
                      {"created_at", time_json(r.created_at)}});
    }
    std::cout << dump_json(list);
    return kExitDone;
  }
  if (requests->empty()) std::cout << "no takedown requests\n";
  for (const store::TakedownRequest& r : *requests) {
    std::cout << "#" << r.id << "  " << time_text(r.created_at) << "  " << r.url
              << "\n  contact: " << r.contact << "  (from " << r.client << ")\n";
    if (!r.reason.empty()) std::cout << "  reason: " << r.reason << "\n";
  }
  return kExitDone;
}

}  // namespace headlined::cli
