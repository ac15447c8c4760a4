#pragma once
// A subscription's matched articles as an Atom 1.0 feed (RFC 4287) or JSON, for
// `headlined export`.

#include <string>
#include <vector>

#include "headlined/store/store.hpp"

namespace headlined::cli {

struct ExportedFeed {
  std::string subscription;
  std::string query;  // empty when unknown (no config given)
  UnixTime generated_at = 0;
  std::vector<store::MatchedArticle> articles;  // newest first
};

std::string render_atom(const ExportedFeed& feed);
std::string render_export_json(const ExportedFeed& feed);

}  // namespace headlined::cli
