#include "headlined/core/url.hpp"

#include <algorithm>
#include <cctype>
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
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = lower(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() == ':') url.port = std::string(rest.substr(1));
  } else {
    std::size_t colon = authority.rfind(':');
    url.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  }
  if (url.host.empty()) return std::nullopt;
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
  u.path = remove_dot_segments(u.path);
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
        kept += param;
      }
      pos = amp + 1;
    }
    u.query = kept;
    u.has_query = !kept.empty();
  }
  return u.to_string();
}

}  // namespace headlined
