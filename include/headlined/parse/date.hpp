#pragma once

#include <string>
#include <string_view>

namespace headlined::parse {

// Reads RFC 822 ("Sun, 14 Apr 2024 08:45:07 +0800"), RFC 3339 ("2024-04-14T08:45:07+08:00"),
// "2024-04-14 08:45:07", "2024年04月14日 08:45" and "2024/4/14" and returns ISO 8601:
// "2024-04-14T08:45:07+08:00" with the zone when one was given, without it otherwise.
// A zero offset (Z, GMT, UTC, +00:00) is written "Z"; a date without a time is midnight.
// Leading text ("发布时间：") is skipped: the first date-like run is read.
// "" when nothing date-like is found.
std::string parse_date(std::string_view text);

// The same reading converted to UTC and always written with "Z" ("2024-04-14T00:45:07Z"), as
// feeds need it: an item's date is an instant, and a date without a zone is taken as UTC.
std::string parse_date_utc(std::string_view text);

}  // namespace headlined::parse
