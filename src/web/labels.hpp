#pragma once
// The words of the web front's pages in each supported language ("zh", the default, and
// "en"). The snapshot's own fixed lines are in snapshot_format.hpp.

#include <string_view>

namespace headlined::web {

struct Labels {
  std::string_view html_lang;
  std::string_view latest;
  std::string_view all_sources;
  std::string_view filter;
  std::string_view search;
  std::string_view search_placeholder;
  std::string_view no_snapshots;
  std::string_view no_results;
  std::string_view results_for;
  std::string_view newer;
  std::string_view older;
  std::string_view fetched;
  std::string_view takedown_link;
  std::string_view takedown_title;
  std::string_view takedown_intro;
  std::string_view takedown_url;
  std::string_view takedown_contact;
  std::string_view takedown_reason;
  std::string_view takedown_submit;
  std::string_view takedown_received;
  std::string_view takedown_closed;
  std::string_view not_found;
  std::string_view gone;
  std::string_view bad_request;
  std::string_view too_many;
  std::string_view unavailable;
  std::string_view method_not_allowed;
  std::string_view too_large;
};

const Labels& labels_for(std::string_view language);

}  // namespace headlined::web
