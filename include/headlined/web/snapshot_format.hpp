#pragma once
// How a stored snapshot is shown to a person: the layout of the original service's snapshot
// page (本文转自 line, sub-title, title, byline, body, the unmodified-content statement,
// 快照生成时间, the takedown line and the original address), as plain text for `headlined
// show`, or JSON for scripts. The web front's HTML page (snapshot_page.hpp) uses the same
// wording, so the two never drift apart.

#include <string>
#include <vector>

#include "headlined/core/types.hpp"

namespace headlined::web {

// The fixed lines around an article, in the page's language.
struct SnapshotWording {
  std::string reprinted_from;  // "本文转自:" before the attribution
  std::string statement;       // the text is a snapshot, unmodified, not the site's opinion
  std::string fetched_at;      // "快照生成时间:" before the time
  std::string takedown;        // the promise to delete on request
  std::string contact;         // "联系方式:" before the contact, when one is configured
  std::string original;        // "信息原文地址:" before the link
};

// `language` "zh" (the original service's Chinese wording) or "en"; `site_name` is named in the
// statement.
SnapshotWording snapshot_wording(const std::string& language, const std::string& site_name);

// The original address shown and linked: the URL as the feed gave it, else the canonical one.
const std::string& original_address(const Snapshot& snapshot);

std::string format_snapshot_text(const Snapshot& snapshot);
std::string format_snapshot_json(const Snapshot& snapshot, const std::vector<Match>& matches);

}  // namespace headlined::web
