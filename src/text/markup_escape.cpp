#include "headlined/text/markup_escape.hpp"

#include "headlined/text/utf8.hpp"

namespace headlined::text {

namespace {

// The reference for a character the markup reserves, or nullptr when it goes out as is.
const char* reference_for(char32_t cp, EscapeQuotes quotes) {
  switch (cp) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return quotes == EscapeQuotes::None ? nullptr : "&quot;";
    case '\'':
      return quotes == EscapeQuotes::DoubleAndSingle ? "&#39;" : nullptr;
    default:
      return nullptr;
  }
}

}  // namespace

std::string escape_markup(std::string_view text, EscapeQuotes quotes, KeepCodePoint keep) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  if (keep == nullptr) {
    for (char c : text) {
      if (const char* ref = reference_for(static_cast<unsigned char>(c), quotes)) {
        out += ref;
      } else {
        out += c;
      }
    }
    return out;
  }
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = next_code_point(text, pos);
    if (const char* ref = reference_for(cp, quotes)) {
      out += ref;
    } else if (keep(cp)) {
      append_utf8(out, cp);
    }
  }
  return out;
}

}  // namespace headlined::text
