#pragma once

#include <string>
#include <string_view>

namespace headlined::text {

// Which quote characters a target markup needs escaped: none (Slack mrkdwn, element text
// only), the double quote (attribute values we always double-quote), or both (HTML pages,
// where a value may land in any attribute).
enum class EscapeQuotes { None, Double, DoubleAndSingle };

// Decides whether a code point may appear in the output at all; the rest are dropped.
using KeepCodePoint = bool (*)(char32_t);

// `text` with & < > (and the quotes asked for) replaced by character references. With
// `keep`, the text is read code point by code point, invalid UTF-8 becomes U+FFFD and every
// code point `keep` rejects is dropped (controls a page may not carry); without it, bytes are
// copied as they are, for text already known to be valid UTF-8.
std::string escape_markup(std::string_view text, EscapeQuotes quotes, KeepCodePoint keep = nullptr);

}  // namespace headlined::text
