#pragma once
// Escaping for the web front. Every stored field goes through these before it reaches a
// page: a title or body holding "<script>", a quote that would close an attribute, or a
// control byte renders as text.

#include <string>
#include <string_view>

namespace headlined::web {

// Text content and attribute values (always double-quoted by the pages): & < > " ' escaped,
// control characters other than tab and line feed dropped, invalid UTF-8 as U+FFFD.
std::string escape_html(std::string_view text);

// `url` when it is an absolute http(s) URL and so safe as an href ("javascript:", "data:"
// and relative tricks are not), else "".
std::string safe_link_target(std::string_view url);

// Percent-encodes everything but unreserved characters (RFC 3986), for query strings and
// path segments.
std::string percent_encode(std::string_view text);

}  // namespace headlined::web
