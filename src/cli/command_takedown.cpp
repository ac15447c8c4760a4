// `headlined takedown URL --reason TEXT`: deletes a snapshot on request and makes sure the
// URL is never collected again (the snapshot page's promise to delete on request).
#include <charconv>
#include <iostream>

#include "cli/admin_support.hpp"
#include "headlined/core/time.hpp"
#include "headlined/core/url.hpp"

namespace headlined::cli {

int command_takedown(const AdminOptions& options) {
  const std::string_view command = "takedown";
  if (options.reason.empty()) return report(command, "give --reason TEXT", kExitUsage);
  auto store = open_store_for(command, options);
  if (!store) return store.error();

  // A snapshot id names its URL; anything else is a URL in any form the feed used.
  std::string url;
  std::int64_t id = 0;
  const std::string& t = options.target;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
  if (ec == std::errc() && end == t.data() + t.size()) {
    auto found = (*store)->snapshot_by_id(id);
    if (!found) return report(command, found.error().to_string(), kExitFailed);
    if (!*found) return report(command, "no snapshot " + t, kExitFailed);
    url = (*found)->article.url;
  } else {
    url = canonical_url(t);
  }
  auto parsed = Url::parse(url);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) {
    return report(command, "not an http(s) URL or snapshot id: " + t, kExitUsage);
  }

  auto done = (*store)->take_down(url, options.reason, now_unix());
  if (!done) return report(command, done.error().to_string(), kExitFailed);
  if (done->snapshot_removed) {
    std::cout << "removed the snapshot of " << url << " with " << done->deliveries_removed
              << " delivery record(s), " << done->pending_removed << " of them never sent\n";
  } else {
    std::cout << "no snapshot of " << url << " was stored\n";
  }
  std::cout << (done->already_taken_down ? "the URL was already tombstoned" : "tombstone recorded")
            << ": it will not be collected again\n";
  return kExitDone;
}

}  // namespace headlined::cli
