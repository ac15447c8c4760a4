#include "headlined/web/html.hpp"

#include "headlined/core/url.hpp"
#include "headlined/text/markup_escape.hpp"

namespace headlined::web {

std::string escape_html(std::string_view text) {
  // C0 and C1 controls mean nothing on a page and some browsers act on them.
  return text::escape_markup(text, text::EscapeQuotes::DoubleAndSingle, [](char32_t cp) {
    return !((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0));
  });
}

std::string safe_link_target(std::string_view url) {
  // Browsers strip tabs and newlines inside URLs ("java\tscript:"), so anything with
  // white space or controls is refused outright rather than cleaned.
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7F) return "";
  auto parsed = Url::parse(url);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https") || parsed->host.empty())
    return "";
  // The text itself must begin with the scheme (no leading junk a parser might skip).
  std::string head(url.substr(0, 8));
  for (char& c : head) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (!head.starts_with("http://") && !head.starts_with("https://")) return "";
  return std::string(url);
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

}  // namespace headlined::web
