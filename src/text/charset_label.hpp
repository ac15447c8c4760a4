#pragma once
// Charset names as pages write them ("GB2312", "x-gbk", "latin1") mapped to one canonical
// lower-case name each, and to the glibc iconv name that decodes them best. Private to text.

#include <cstddef>
#include <string>
#include <string_view>

namespace headlined::text::detail {

// Lower-cased, trimmed and alias-resolved, e.g. "GB2312" -> "gbk", "latin1" -> "windows-1252".
// "" for an empty label or one with characters no charset name has.
std::string canonical_charset(std::string_view label);

// The name to hand to iconv_open for a canonical charset.
std::string iconv_name(std::string_view canonical);

// The charset a byte-order mark at the start of bytes announces (UTF-8, UTF-16, UTF-32), with
// the BOM's length; without a mark, the wide encoding a leading "<" shows by its zero bytes
// (length 0); "" and 0 when there is neither.
std::string bom_charset(std::string_view bytes, std::size_t& bom_length);

}  // namespace headlined::text::detail
