#include "feed_repair.hpp"

#include <array>
#include <utility>

#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The length of a reference at s[0] == '&' ("&amp;", "&#160;", "&#xA0;"), or 0.
std::size_t reference_length(std::string_view s) {
  std::size_t i = 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    std::size_t start = i;
    while (i < s.size() && (hex ? is_hex(s[i]) : is_digit(s[i]))) ++i;
    return i > start && i < s.size() && s[i] == ';' ? i + 1 : 0;
  }
  std::size_t start = i;
  while (i < s.size() && i - start < 32 && (is_alpha(s[i]) || is_digit(s[i]))) ++i;
  return i > start && is_alpha(s[start]) && i < s.size() && s[i] == ';' ? i + 1 : 0;
}

// HTML entities that feeds use most; the XML ones (amp, lt, gt, quot, apos) pass unchanged.
std::string_view html_entity(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kEntities = {{
      {"nbsp", "&#160;"},
      {"copy", "&#169;"},
      {"reg", "&#174;"},
      {"middot", "&#183;"},
      {"laquo", "&#171;"},
      {"raquo", "&#187;"},
      {"ndash", "&#8211;"},
      {"mdash", "&#8212;"},
      {"lsquo", "&#8216;"},
      {"rsquo", "&#8217;"},
      {"ldquo", "&#8220;"},
      {"rdquo", "&#8221;"},
      {"hellip", "&#8230;"},
      {"bull", "&#8226;"},
      {"trade", "&#8482;"},
      {"eacute", "&#233;"},
  }};
  for (auto [n, ref] : kEntities)
    if (n == name) return ref;
  return {};
}

}  // namespace

std::string repair_ampersands(std::string_view xml) {
  if (xml.find("<!ENTITY") != std::string_view::npos) return std::string(xml);
  std::string out;
  out.reserve(xml.size() + 64);
  std::size_t pos = 0;
  while (pos < xml.size()) {
    std::size_t next = xml.find_first_of("&<", pos);
    if (next == std::string_view::npos) {
      out.append(xml.substr(pos));
      break;
    }
    out.append(xml.substr(pos, next - pos));
    std::string_view rest = xml.substr(next);
    if (rest[0] == '<') {
      // CDATA and comments are copied verbatim: "&" is literal there.
      std::string_view close = starts_with(rest, "<![CDATA[") ? "]]>"
                               : starts_with(rest, "<!--")    ? "-->"
                                                              : "";
      std::size_t end = close.empty() ? 1 : rest.find(close);
      end = end == std::string_view::npos ? rest.size() : end + close.size();
      out.append(rest.substr(0, end));
      pos = next + end;
      continue;
    }
    std::size_t len = reference_length(rest);
    if (len == 0) {
      out += "&amp;";
      pos = next + 1;
      continue;
    }
    std::string_view replacement = rest[1] == '#' ? "" : html_entity(rest.substr(1, len - 2));
    out.append(replacement.empty() ? rest.substr(0, len) : replacement);
    pos = next + len;
  }
  return out;
}

}  // namespace headlined::parse::detail
