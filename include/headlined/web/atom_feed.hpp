#pragma once
// A subscription's matched articles as an Atom 1.0 feed (RFC 4287) or JSON: `headlined
// export` prints it, the web front serves it (/feeds/NAME.atom).

#include <string>
#include <vector>

#include "headlined/store/store.hpp"

namespace headlined::web {

struct ExportedFeed {
  std::string subscription;
  std::string query;  // empty when unknown (no config given)
  UnixTime generated_at = 0;
  std::vector<store::MatchedArticle> articles;  // newest first
  // Where each entry links to besides the original: the web front's snapshot page
  // ("https://example.org/a/HASH"); empty = the original address only.
  std::string snapshot_link_base;
};

std::string render_atom(const ExportedFeed& feed);
std::string render_export_json(const ExportedFeed& feed);

}  // namespace headlined::web
