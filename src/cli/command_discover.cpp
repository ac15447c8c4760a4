// `headlined discover URL [--json]`: runs feed discovery as the daemon does for a source of
// type "auto" and prints the choice, the reason and every step tried, so a user can see what
// a source will poll before adding it.

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/document_input.hpp"
#include "headlined/daemon/discovery.hpp"

namespace headlined::cli {

int command_discover(const DiscoverOptions& options) {
  if (!is_http_url(options.url)) {
    std::cerr << "headlined discover: give an http(s) URL, not '" << options.url << "'\n";
    return 2;
  }
  fetch::Fetcher fetcher;
  auto found = daemon::discover_source(fetcher, options.url, fetcher.defaults());
  if (!found) {
    std::cerr << "headlined discover: " << found.error().to_string() << '\n';
    return EXIT_FAILURE;
  }
  const char* kind = daemon::source_kind_name(found->kind);
  if (options.json) {
    nlohmann::json out = {{"url", options.url},
                          {"type", kind},
                          {"source_url", found->url},
                          {"reason", found->reason},
                          {"tried", found->tried}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return EXIT_SUCCESS;
  }
  std::cout << kind << ' ' << found->url << "\n  why: " << found->reason << '\n';
  for (const std::string& step : found->tried) std::cout << "  tried: " << step << '\n';
  return EXIT_SUCCESS;
}

}  // namespace headlined::cli
