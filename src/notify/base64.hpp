#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace headlined::notify {

// Standard base64 (RFC 4648) with padding, no line breaks.
std::string base64_encode(std::string_view bytes);

// Standard base64, padding optional; nothing when a character is outside the alphabet.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace headlined::notify
