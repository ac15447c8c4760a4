#include "headlined/text/normalize.hpp"

#include <utf8proc.h>

#include <cstdlib>

#include "headlined/text/utf8.hpp"

namespace headlined::text {

std::string normalize_for_match(std::string_view utf8) {
  // utf8proc rejects invalid UTF-8 as a whole; replacing bad bytes first keeps the rest.
  const std::string clean = sanitize_utf8(utf8);
  if (clean.empty()) return clean;

  // COMPAT+COMPOSE is NFKC (full-width Latin and punctuation to ASCII, CJK untouched);
  // CASEFOLD lets "AI" match "ai"; IGNORE drops default-ignorables such as U+200B and soft
  // hyphens, which some sites put between Chinese characters and which would split a keyword.
  const auto options = static_cast<utf8proc_option_t>(
      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                   static_cast<utf8proc_ssize_t>(clean.size()), &mapped, options);
  if (n < 0) {
    // Only out-of-memory is left after sanitising; matching on the unfolded text is better
    // than failing the article.
    std::free(mapped);
    return clean;
  }
  std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  std::free(mapped);
  return out;
}

}  // namespace headlined::text
