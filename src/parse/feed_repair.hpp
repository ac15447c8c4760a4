#pragma once

#include <string>
#include <string_view>

namespace headlined::parse::detail {

// Real-world feeds carry bare "&" in links and titles and HTML entities such as "&nbsp;" that
// XML does not define; libxml2's recovery drops the text around them. This escapes bare "&"
// and turns well-known HTML entities into character references, outside CDATA and comments.
// Documents that declare their own entities are left alone.
std::string repair_ampersands(std::string_view xml);

}  // namespace headlined::parse::detail
