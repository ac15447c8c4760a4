#pragma once
// Article extraction: from an article page to the fields of a snapshot.

#include <string>
#include <string_view>

#include "headlined/core/types.hpp"

namespace headlined::parse {

// Fills title, subtitle, byline, attribution (e.g. "本文转自:淄博日报" / "来源：新华社" ->
// "淄博日报" / "新华社"), published (ISO 8601), lead_image (absolute), body (paragraphs joined
// by "\n") and body_html (the same paragraphs as cleaned HTML).
// `url` is stored as the article's URL as given (the caller canonicalises) and is the base for
// relative image links.
Article extract_article(std::string_view utf8_html, const std::string& url);

// The same with a source's override selectors: an override that matches decides its field
// (`drop` removes elements first); one that matches nothing leaves the field to the general
// extractor. A malformed override selector is ignored (the config check reports it).
Article extract_article(std::string_view utf8_html, const std::string& url,
                        const Source::Overrides& overrides);

// The person names in a byline as printed: "□本报记者 董振霞 通讯员 王克军" -> "董振霞 王克军",
// "By Jane Doe and Li Wei" -> "Jane Doe and Li Wei", "作者：未知 责任编辑：x" -> "".
std::string byline_names(std::string_view byline);

}  // namespace headlined::parse
