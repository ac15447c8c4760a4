#pragma once
// A subscription's matched articles as an Atom 1.0 feed (RFC 4287) or JSON: `headlined
// export` prints it, the web front serves it (/feeds/NAME.atom).

#include <cstdint>
#include <map>
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
  // Other copies of each article's story, by snapshot id (docs/stories.md): Atom entries link
  // them as rel="via", JSON lists them under "story". Absent = none shown.
  std::map<std::int64_t, std::vector<store::StoryCopy>> story_copies;
};

std::string render_atom(const ExportedFeed& feed);
std::string render_export_json(const ExportedFeed& feed);

}  // namespace headlined::web
