#include "feed_repair.hpp"

#include <libxml/HTMLparser.h>

#include <string>

#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

bool is_hex(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The length of a reference at s[0] == '&' ("&amp;", "&#160;", "&#xA0;"), or 0.
std::size_t reference_length(std::string_view s) {
  std::size_t i = 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    std::size_t start = i;
    while (i < s.size() && (hex ? is_hex(s[i]) : is_ascii_digit(s[i]))) ++i;
    return i > start && i < s.size() && s[i] == ';' ? i + 1 : 0;
  }
  std::size_t start = i;
  while (i < s.size() && i - start < 32 && (is_ascii_alpha(s[i]) || is_ascii_digit(s[i]))) ++i;
  return i > start && is_ascii_alpha(s[start]) && i < s.size() && s[i] == ';' ? i + 1 : 0;
}

bool is_xml_entity(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

// An HTML 4 named entity (libxml2 carries the table: "aacute", "nbsp", "rsquo", ...) as a
// numeric character reference XML can read; "" for the XML ones, which pass unchanged, and for
// names HTML does not know either.
std::string html_entity(std::string_view name) {
  if (is_xml_entity(name)) return "";
  const htmlEntityDesc* entity =
      htmlEntityLookup(reinterpret_cast<const xmlChar*>(std::string(name).c_str()));
  return entity ? "&#" + std::to_string(entity->value) + ";" : "";
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
    if (rest[1] == '#') {
      out.append("&#");
      // "&#X41;": HTML reads a capital X, XML does not.
      out.append(rest[2] == 'X' ? "x" + std::string(rest.substr(3, len - 3))
                                : std::string(rest.substr(2, len - 2)));
    } else {
      std::string replacement = html_entity(rest.substr(1, len - 2));
      // A name neither XML nor HTML knows is text, as a lenient reader shows it.
      if (replacement.empty() && !is_xml_entity(rest.substr(1, len - 2)))
        replacement = "&amp;" + std::string(rest.substr(1, len - 1));
      out.append(replacement.empty() ? rest.substr(0, len) : std::string_view(replacement));
    }
    pos = next + len;
  }
  return out;
}

}  // namespace headlined::parse::detail
