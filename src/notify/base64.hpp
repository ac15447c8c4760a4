#pragma once

#include <string>
#include <string_view>

namespace headlined::notify {

// Standard base64 (RFC 4648) with padding, no line breaks.
std::string base64_encode(std::string_view bytes);

}  // namespace headlined::notify
