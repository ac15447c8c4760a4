#pragma once
// Pages often print a dateline without an offset ("2024-04-14 08:30", "2024年4月14日 08:30").
// The extractor keeps such a time as written (no offset); this reads it in the zone the page
// means and writes the offset, so `published` is always an instant. The daemon's pipeline and
// the `extract` command call it alike.

#include <string>

#include "headlined/core/types.hpp"

namespace headlined::parse {

// Whether the page is in Chinese: its declared language is zh (zh-CN, zh-Hant, ...), or its
// title and text are mostly Han characters (many Chinese sites keep a template's lang="en").
bool is_chinese_page(const Article& article);

// The zone an offset-less time on the page is read in: `source_zone` when the source sets
// one, else "Asia/Shanghai" for a Chinese page, else "UTC".
std::string page_time_zone(const Article& article, const std::string& source_zone);

// Gives an offset-less `article.published` ("2024-04-14T08:30:00") the offset of
// page_time_zone() at that time ("2024-04-14T08:30:00+08:00"; "Z" for UTC). A time that has
// an offset, or an empty one, is left alone.
void apply_time_zone(Article& article, const std::string& source_zone);

}  // namespace headlined::parse
