#include "headlined/core/url.hpp"

#include <idn2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace headlined {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// Returns the scheme if `s` starts with one ("http:"), else "".
std::string_view leading_scheme(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':')
      return i > 0 && std::isalpha(static_cast<unsigned char>(s[0])) ? s.substr(0, i) : "";
    if (!is_scheme_char(s[i])) return "";
  }
  return "";
}

std::string default_port(std::string_view scheme) {
  if (scheme == "http") return "80";
  if (scheme == "https") return "443";
  return "";
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  bool absolute = !path.empty() && path[0] == '/';
  if (absolute) pos = 1;
  bool trailing_slash = false;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(pos, end - pos);
    bool last = end == path.size();
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = true;
    } else if (seg == ".") {
      trailing_slash = true;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    if (last) break;
    pos = end + 1;
  }
  std::string result = absolute ? "/" : "";
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i) result += '/';
    result += out[i];
  }
  if (trailing_slash && !result.empty() && result.back() != '/') result += '/';
  return result;
}

// Tracking parameters that never change what a page shows.
bool is_tracking_parameter(std::string_view name) {
  std::string n = lower(name);
  static const char* const exact[] = {"fbclid", "gclid",      "dclid",      "msclkid", "mc_cid",
                                      "mc_eid", "yclid",      "_hsenc",     "_hsmi",   "igshid",
                                      "spm",    "from_share", "share_token"};
  if (n.rfind("utm_", 0) == 0) return true;
  return std::any_of(std::begin(exact), std::end(exact), [&](const char* e) { return n == e; });
}

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One spelling per path or query: escapes of unreserved characters decoded ("%7E" -> "~"),
// other escapes in upper case ("%e6" -> "%E6"), and raw bytes that may not appear in a URL
// (spaces, non-ASCII UTF-8) escaped, so "/新闻" and "/%E6%96%B0%E9%97%BB" are one key.
std::string normalize_percent_encoding(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      const auto decoded =
          static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));
      } else {
        out.push_back('%');
        out.push_back(kHex[decoded >> 4]);
        out.push_back(kHex[decoded & 15]);
      }
      i += 2;
    } else if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' ||
               c == '^' || c == '`' || c == '{' || c == '|' || c == '}' || c == '%') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Internationalised host names in their ASCII (Punycode) form, as DNS and the server see
// them, so "新闻.中国" and "xn--..." are one key. A name libidn2 refuses stays as written.
std::string ascii_host(const std::string& host) {
  std::string name = host;
  // "example.com." is the same host (all trailing dots go, or a second pass would differ)
  while (name.size() > 1 && name.back() == '.') name.pop_back();
  const bool ascii =
      std::all_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x80; });
  if (ascii) return name;
  char* converted = nullptr;
  int rc = idn2_to_ascii_8z(name.c_str(), &converted, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  if (rc != IDN2_OK)
    rc = idn2_to_ascii_8z(name.c_str(), &converted, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
  if (rc != IDN2_OK || !converted) return name;
  std::string out(converted);
  idn2_free(converted);
  return lower(out);
}

}  // namespace

namespace {

// WHATWG's forbidden host code points: a host with one is no host (and would not survive a
// round trip through to_string() unchanged).
bool valid_host(std::string_view host, bool bracketed) {
  if (bracketed)
    return std::all_of(host.begin(), host.end(),
                       [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; });
  return std::none_of(host.begin(), host.end(), [](unsigned char c) {
    return c <= 0x20 || c == 0x7f ||
           std::string_view("#%/:<>?@[\\]^|\"").find(static_cast<char>(c)) !=
               std::string_view::npos;
  });
}

}  // namespace

std::optional<Url> Url::parse(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string_view scheme = leading_scheme(s);
  if (scheme.empty()) return std::nullopt;
  Url url;
  url.scheme = lower(scheme);
  s.remove_prefix(scheme.size() + 1);
  if (s.substr(0, 2) != "//") return std::nullopt;
  s.remove_prefix(2);
  std::size_t auth_end = s.find_first_of("/?#");
  std::string_view authority = s.substr(0, auth_end);
  s = auth_end == std::string_view::npos ? std::string_view{} : s.substr(auth_end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);  // user info is never kept
  const bool bracketed = !authority.empty() && authority.front() == '[';
  if (bracketed) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = lower(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) url.port = std::string(rest.substr(1));
  } else {
    std::size_t colon = authority.rfind(':');
    url.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  }
  if (url.host.empty() || !valid_host(url.host, bracketed)) return std::nullopt;
  if (!std::all_of(url.port.begin(), url.port.end(),
                   [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  std::size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    url.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  std::size_t q = s.find('?');
  if (q != std::string_view::npos) {
    url.has_query = true;
    url.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  url.path = s.empty() ? "/" : std::string(s);
  return url;
}

std::string Url::origin() const {
  std::string out = scheme + "://";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!port.empty()) out += ":" + port;
  return out;
}

std::string Url::to_string() const {
  std::string out = origin() + path;
  if (has_query) out += "?" + query;
  if (!fragment.empty()) out += "#" + fragment;
  return out;
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string r = std::string(ref);
  r.erase(std::remove_if(r.begin(), r.end(),
                         [](char c) { return c == '\n' || c == '\r' || c == '\t'; }),
          r.end());
  while (!r.empty() && r.front() == ' ') r.erase(r.begin());
  while (!r.empty() && r.back() == ' ') r.pop_back();
  auto is_http = [](const Url& u) { return u.scheme == "http" || u.scheme == "https"; };
  if (!leading_scheme(r).empty()) {
    auto u = Url::parse(r);
    return u && is_http(*u) ? u->to_string() : "";
  }
  auto b = Url::parse(base);
  if (!b || !is_http(*b)) return "";
  if (r.rfind("//", 0) == 0) {
    auto u = Url::parse(b->scheme + ":" + r);
    return u ? u->to_string() : "";
  }
  Url out = *b;
  out.fragment.clear();
  std::string_view rv = r;
  std::string fragment;
  if (auto hash = rv.find('#'); hash != std::string_view::npos) {
    fragment = std::string(rv.substr(hash + 1));
    rv = rv.substr(0, hash);
  }
  if (rv.empty()) {
    out.fragment = fragment;
    return out.to_string();
  }
  std::string_view path = rv;
  std::optional<std::string> query;
  if (auto q = rv.find('?'); q != std::string_view::npos) {
    query = std::string(rv.substr(q + 1));
    path = rv.substr(0, q);
  }
  if (path.empty()) {
    // "?x=1" keeps the base path.
  } else if (path.front() == '/') {
    out.path = remove_dot_segments(path);
  } else {
    std::string dir = b->path.substr(0, b->path.rfind('/') + 1);
    out.path = remove_dot_segments(dir + std::string(path));
  }
  out.has_query = query.has_value();
  out.query = query.value_or("");
  out.fragment = fragment;
  return out.to_string();
}

std::string canonical_url(std::string_view text) {
  auto parsed = Url::parse(text);
  if (!parsed) return std::string(text);
  Url u = *parsed;
  u.fragment.clear();
  if (u.port == default_port(u.scheme)) u.port.clear();
  u.host = ascii_host(u.host);
  u.path = remove_dot_segments(normalize_percent_encoding(u.path));
  if (u.path.empty()) u.path = "/";
  if (u.has_query) {
    std::string kept;
    std::size_t pos = 0;
    while (pos <= u.query.size()) {
      std::size_t amp = u.query.find('&', pos);
      if (amp == std::string::npos) amp = u.query.size();
      std::string_view param = std::string_view(u.query).substr(pos, amp - pos);
      std::string_view name = param.substr(0, param.find('='));
      if (!param.empty() && !is_tracking_parameter(name)) {
        if (!kept.empty()) kept += '&';
        kept += normalize_percent_encoding(param);
      }
      pos = amp + 1;
    }
    u.query = kept;
    u.has_query = !kept.empty();
  }
  return u.to_string();
}

}  // namespace headlined
