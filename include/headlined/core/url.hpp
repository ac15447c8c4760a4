#pragma once
// URLs: parsing the parts we need, resolving links against a base, and the canonical form
// used as the dedupe key.

#include <optional>
#include <string>
#include <string_view>

namespace headlined {

struct Url {
  std::string scheme;    // lower case
  std::string host;      // lower case, without brackets for IPv6
  std::string port;      // empty when absent
  std::string path;      // begins with "/" for http(s); "/" when absent
  std::string query;     // without "?"; empty when absent
  std::string fragment;  // without "#"
  bool has_query = false;

  static std::optional<Url> parse(std::string_view text);
  std::string to_string() const;
  std::string origin() const;  // "https://example.com:8443"
};

// Resolves `ref` (absolute, scheme-relative, absolute-path or relative) against `base`.
// Returns "" when the result is not an http(s) URL.
std::string resolve_url(std::string_view base, std::string_view ref);

// Scheme and host lower-cased, default port and fragment dropped, "utm_*"-style tracking
// parameters dropped, dot segments removed, empty path as "/", percent-encoding in one
// spelling (unreserved characters decoded, escapes upper-cased, raw non-ASCII escaped), and
// internationalised hosts in Punycode ("xn--..."). Returns the input unchanged
// when it cannot be parsed.
std::string canonical_url(std::string_view url);

}  // namespace headlined
