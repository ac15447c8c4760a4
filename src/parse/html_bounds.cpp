#include "html_bounds.hpp"

#include <array>

#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (n == name) return true;
  return false;
}

// Elements that never hold children, or whose end tag the parser implies, so that their
// start tags do not deepen the tree for long.
bool does_not_nest(std::string_view name) {
  return is_one_of(
      name, {"area",   "base",  "br",     "col",   "embed", "hr",    "img",   "input", "link",
             "meta",   "param", "source", "track", "wbr",   "p",     "li",    "dt",    "dd",
             "option", "tr",    "td",     "th",    "tbody", "thead", "tfoot", "rt",    "rp"});
}

// Elements whose content is raw text up to their end tag.
bool holds_raw_text(std::string_view name) {
  return is_one_of(name, {"script", "style", "textarea", "title", "xmp", "noscript", "iframe"});
}

// The end of a tag starting at html[lt] == '<': the index after its '>', quotes respected.
std::size_t tag_end(std::string_view html, std::size_t lt) {
  char quote = 0;
  for (std::size_t i = lt + 1; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return html.size();
}

}  // namespace

std::string bounded_html(std::string_view html) {
  if (html.size() > kMaxHtmlBytes) html = html.substr(0, kMaxHtmlBytes);
  std::string out;
  out.reserve(html.size());
  int depth = 0;
  std::size_t copied = 0;  // html[0, copied) is in out
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    if (html.compare(pos, 4, "<!--") == 0) {
      // Comments are never read; leaving them out spares the parser their text.
      std::size_t end = html.find("-->", pos + 4);
      out.append(html.substr(copied, pos - copied));
      pos = end == std::string_view::npos ? html.size() : end + 3;
      copied = pos;
      continue;
    }
    bool closing = pos + 1 < html.size() && html[pos + 1] == '/';
    std::size_t name_start = pos + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < html.size() &&
           (is_letter(html[name_end]) ||
            (name_end > name_start && std::isdigit(static_cast<unsigned char>(html[name_end])))))
      ++name_end;
    if (name_end == name_start) {
      ++pos;
      continue;
    }
    std::string name = to_lower_ascii(html.substr(name_start, name_end - name_start));
    std::size_t end = tag_end(html, pos);
    if (closing) {
      if (!does_not_nest(name) && depth > 0) --depth;
      pos = end;
      continue;
    }
    bool self_closing = end >= 2 && html[end - 2] == '/';
    if (holds_raw_text(name)) {
      std::string close = "</" + name;
      std::size_t stop = end;
      // Case-insensitive search for the end tag.
      for (; stop < html.size(); ++stop) {
        stop = html.find("</", stop);
        if (stop == std::string_view::npos) break;
        if (to_lower_ascii(html.substr(stop, close.size())) == close) break;
      }
      pos = stop == std::string_view::npos ? html.size() : stop;
      // Scripts and styles are never shown and are often most of a page's bytes, which the
      // parser would otherwise tokenise one character at a time. JSON-LD is kept: the
      // extractor reads datePublished from it.
      bool unused = name == "style" ||
                    (name == "script" &&
                     to_lower_ascii(html.substr(name_end, end - name_end)).find("ld+json") ==
                         std::string::npos);
      if (unused) {
        out.append(html.substr(copied, end - copied));
        copied = pos;
      }
      continue;
    }
    if (self_closing || does_not_nest(name)) {
      pos = end;
      continue;
    }
    if (depth >= kMaxHtmlDepth) {
      out.append(html.substr(copied, pos - copied));  // leave the start tag out
      copied = end;
    } else {
      ++depth;
    }
    pos = end;
  }
  out.append(html.substr(copied));
  return out;
}

}  // namespace headlined::parse::detail
