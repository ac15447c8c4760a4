#pragma once
// The parts of W3C WebSub a subscriber needs that involve no state: finding a feed's hub and
// topic (HTTP Link headers, then <link rel="hub"> / <atom:link rel="self"> in the feed), and
// checking the X-Hub-Signature of a pushed body (HMAC of the body with our secret).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headlined::daemon {

struct WebSubLinks {
  std::string hub;    // empty = the publisher offers no push
  std::string topic;  // rel="self"; empty = none announced (the feed URL is used then)
};

// Link headers first (the spec prefers them), then the feed's own links. Relative URLs are
// resolved against `base_url`.
WebSubLinks find_websub_links(std::string_view feed_body,
                              const std::vector<std::string>& link_headers,
                              const std::string& base_url);

enum class SignatureCheck { Valid, Missing, UnknownMethod, Malformed, Mismatch };

// `header` is "method=hexdigest" with method sha1, sha256, sha384 or sha512.
SignatureCheck check_hub_signature(std::string_view header, std::string_view secret,
                                   std::string_view body);
const char* signature_check_text(SignatureCheck check);

// The hex HMAC of `body` under `method` ("sha1" ... "sha512"); nothing for another method.
// What a hub sends; the tests' hub uses it.
std::optional<std::string> hub_signature_hex(std::string_view method, std::string_view secret,
                                             std::string_view body);

// A random token of `bytes` bytes as hex (callback paths and secrets).
std::string random_hex(std::size_t bytes);

}  // namespace headlined::daemon
