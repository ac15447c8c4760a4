#pragma once
// Rendering of the notification email (RFC 5322 with MIME, UTF-8 throughout). Kept apart from
// the SMTP transport so it can be checked byte for byte.

#include <string>
#include <string_view>

#include "headlined/core/types.hpp"
#include "headlined/notify/channel.hpp"

namespace headlined::notify {

// Replaces CR, LF and other control characters with spaces, so text taken from a page can
// never start a new header line.
std::string sanitize_header_text(std::string_view text);

// RFC 2047 "B" encoded-words for a UTF-8 header value, each at most 75 characters and never
// splitting a UTF-8 sequence, joined by CRLF + space (folding). Sanitizes first.
std::string encode_header_words(std::string_view utf8);

// RFC 5322 date, e.g. "Sun, 14 Apr 2024 00:45:07 +0000".
std::string rfc5322_date(UnixTime t);

// The complete message, CRLF line ends, ready for SMTP DATA: multipart/alternative with the
// plain-text part first and the HTML part last (each base64), a List-Unsubscribe header
// (the channel's `unsubscribe`, else a mailto: to the sender), Message-ID from the
// idempotency key.
std::string render_email(const Message& message, const ChannelSpec& spec, UnixTime now);

// "alerts@example.com" from "Headlined <alerts@example.com>" or from a bare address.
std::string bare_address(std::string_view address);

// The domain of the `from` address, for the Message-ID ("headlined" when it has none).
std::string message_id_host(std::string_view from);

}  // namespace headlined::notify
