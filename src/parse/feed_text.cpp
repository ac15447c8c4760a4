#include "feed_text.hpp"

#include <strings.h>

#include <array>
#include <cstdint>

#include "headlined/parse/html.hpp"
#include "headlined/text/utf8.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

// RFC 4648 base64; white space is skipped and decoding stops at '=' or the first byte outside
// the alphabet, so a damaged payload yields what came before the damage.
std::string base64_decode(std::string_view in) {
  static const std::array<std::int8_t, 256> kValue = [] {
    std::array<std::int8_t, 256> v{};
    v.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
      v[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return v;
  }();
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    std::int8_t value = kValue[static_cast<unsigned char>(c)];
    if (value < 0) break;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    if (++count == 4) {
      out += static_cast<char>((bits >> 16) & 0xFF);
      out += static_cast<char>((bits >> 8) & 0xFF);
      out += static_cast<char>(bits & 0xFF);
      bits = 0;
      count = 0;
    }
  }
  if (count == 3) {
    out += static_cast<char>((bits >> 10) & 0xFF);
    out += static_cast<char>((bits >> 2) & 0xFF);
  } else if (count == 2) {
    out += static_cast<char>((bits >> 4) & 0xFF);
  }
  return out;
}

bool has_element_children(const xmlNode* n) {
  for (const xmlNode* c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return true;
  return false;
}

std::string serialise_children(const xmlNode* n) {
  xmlBuffer* buffer = xmlBufferCreate();
  for (xmlNode* c = n->children; c; c = c->next) xmlNodeDump(buffer, n->doc, c, 0, 0);
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(buffer)),
                  static_cast<std::size_t>(xmlBufferLength(buffer)));
  xmlBufferFree(buffer);
  return out;
}

bool is_atom(const xmlNode* n) {
  if (!n->ns || !n->ns->href) return false;
  std::string_view ns = reinterpret_cast<const char*>(n->ns->href);
  return ns == "http://www.w3.org/2005/Atom" || ns == "http://purl.org/atom/ns#";
}

enum class TextKind { Plain, Html, Base64 };

// Atom says what its text is: type="text" (the default) is literal, "html" and "xhtml" are
// markup, and Atom 1.0 sends any other non-text, non-XML media type base64-encoded; Atom 0.3
// says so with mode="base64". RSS says nothing: its text is read as HTML.
TextKind kind_of(const xmlNode* n) {
  if (xml_attr(n, "mode") == "base64") return TextKind::Base64;
  if (!is_atom(n)) return TextKind::Html;
  std::string type = to_lower_ascii(trim(xml_attr(n, "type")));
  if (type.empty() || type == "text" || type == "text/plain") return TextKind::Plain;
  if (type == "html" || type == "xhtml" || type.find("html") != std::string::npos)
    return TextKind::Html;
  if (type.starts_with("text/") || type.find("xml") != std::string::npos) return TextKind::Plain;
  return xml_attr(n, "mode").empty() ? TextKind::Base64 : TextKind::Plain;
}

// Whether `s` holds a complete tag or comment ("<b>", "</p>", "<br/>", "<!--"): only then is
// it read as markup, so "A<B" or "x < y" stay text.
bool has_tag(std::string_view s) {
  for (std::size_t lt = s.find('<'); lt != std::string_view::npos; lt = s.find('<', lt + 1)) {
    std::size_t i = lt + 1;
    if (i < s.size() && (s[i] == '/' || s[i] == '!')) ++i;
    if (i >= s.size() ||
        !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-'))
      continue;
    std::size_t end = s.find_first_of("<>", i);
    if (end != std::string_view::npos && s[end] == '>') return true;
  }
  return false;
}

// Text that holds no tag is read for its entities only: a bare "<" is a character.
std::string escape_bare_less_than(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string xml_content(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string out = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return out;
}

std::string xml_attr(const xmlNode* n, const char* name) {
  // By local name and without case, as element names are read (isPermaLink, HREF).
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (strcasecmp(reinterpret_cast<const char*>(a->name), name) != 0) continue;
    xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
    std::string out = v ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return out;
  }
  return "";
}

bool xml_has_attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a; a = a->next)
    if (strcasecmp(reinterpret_cast<const char*>(a->name), name) == 0) return true;
  return false;
}

std::string element_markup(const xmlNode* n) {
  if (kind_of(n) == TextKind::Base64) {
    // A media type that calls for base64 around text that is not base64 of UTF-8 text (an
    // invented type such as application/x-custom) is the text itself.
    std::string content = xml_content(n);
    std::string decoded = base64_decode(content);
    if (!decoded.empty() && text::is_valid_utf8(decoded) && decoded.find('\0') == std::string::npos)
      return decoded;
    return content;
  }
  // mode="escaped" (Atom 0.3's default) is escaped HTML, which is what the text already is.
  return has_element_children(n) ? serialise_children(n) : xml_content(n);
}

std::string html_text(const std::string& html) {
  if (html.find_first_of("<&") == std::string::npos) return collapse_whitespace(html);
  if (!has_tag(html)) {
    HtmlDocument doc(escape_bare_less_than(html));
    return node_text(doc.root());
  }
  HtmlDocument doc(html);
  return node_text(doc.root());
}

std::string element_text(const xmlNode* n) {
  if (kind_of(n) == TextKind::Plain && !has_element_children(n))
    return collapse_whitespace(xml_content(n));
  return html_text(element_markup(n));
}

}  // namespace headlined::parse::detail
