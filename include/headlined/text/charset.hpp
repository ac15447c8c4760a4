#pragma once
// Bytes from the network to UTF-8. The charset comes from, in order: a byte-order mark (as in
// browsers, it beats the header), the HTTP Content-Type header, <meta charset> / http-equiv or
// the XML prolog, and failing those a guess (valid UTF-8 stays UTF-8, else uchardet, else
// windows-1252). One exception: a header saying utf-8 in front of bytes that are not UTF-8 and
// a page declaring another charset -- the page wins. Invalid bytes become U+FFFD, never a crash.
// Charset names are reported canonical and lower case: "gb2312" -> "gbk", "latin1" ->
// "windows-1252".

#include <string>
#include <string_view>

#include "headlined/core/error.hpp"

namespace headlined::text {

struct Decoded {
  std::string utf8;
  std::string charset;  // the charset the bytes were decoded from, lower case, e.g. "gbk"
};

// "text/html; charset=GBK" -> "gbk"; "" when there is none.
std::string charset_from_content_type(std::string_view content_type);

// Looks at a BOM, then <meta charset=…> / <meta http-equiv content="…charset=…"> or an XML
// prolog's encoding in the first few KB. "" when none is declared.
std::string charset_declared_in(std::string_view bytes);

// Converts with iconv; gb2312 and gbk are read as gb18030 (its superset). Unknown charset is
// an error naming it; invalid sequences become U+FFFD.
Result<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset);

// The whole decision: header, BOM, declaration, guess.
Decoded decode_to_utf8(std::string_view bytes, std::string_view content_type);

}  // namespace headlined::text
