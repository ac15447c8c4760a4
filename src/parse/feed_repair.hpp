#pragma once

#include <string>
#include <string_view>

namespace headlined::parse::detail {

// Real-world feeds carry bare "&" in links and titles, HTML entities such as "&aacute;" that
// XML does not define, and "&#X41;" (HTML reads a capital X, XML does not); libxml2's recovery
// drops the text around them. This escapes bare "&", turns every HTML 4 named entity into a
// character reference, lower-cases the X and leaves unknown names as literal text, outside
// CDATA and comments. Documents that declare their own entities are left alone.
std::string repair_ampersands(std::string_view xml);

}  // namespace headlined::parse::detail
