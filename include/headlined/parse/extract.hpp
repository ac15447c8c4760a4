#pragma once
// Article extraction: from an article page to the fields of a snapshot.

#include <string>
#include <string_view>

#include "headlined/core/types.hpp"

namespace headlined::parse {

// Fills title, subtitle, byline, attribution (e.g. "本文转自:淄博日报" / "来源：新华社" ->
// "淄博日报" / "新华社"), published (ISO 8601) and body (paragraphs joined by "\n").
// `url` is stored as the article's URL as given (the caller canonicalises).
Article extract_article(std::string_view utf8_html, const std::string& url);

}  // namespace headlined::parse
