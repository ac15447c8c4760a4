#pragma once
// Reading a page's schema.org JSON-LD (<script type="application/ld+json">).

#include "extract_internal.hpp"

namespace headlined::parse::detail {

// From the first article object (a @type such as NewsArticle, Article, BlogPosting, or any
// object with an articleBody), looked for at the top, in arrays and in "@graph". Invalid or
// too deeply nested JSON is skipped; pages often carry it.
LinkedData read_linked_data(const Page& page);

}  // namespace headlined::parse::detail
