// The elements the field finders look up by tag, gathered in one walk.

#include "extract_internal.hpp"
#include "headlined/parse/html.hpp"
#include "json_ld.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

Page index_page(const GumboNode* root) {
  Page page;
  page.root = root;
  walk(root, [&](const GumboNode* n) {
    if (!is_element(n)) return n->type == GUMBO_NODE_DOCUMENT;
    switch (n->v.element.tag) {
      case GUMBO_TAG_META:
        page.metas.push_back(Page::Meta{
            {to_lower_ascii(attribute(n, "property")), to_lower_ascii(attribute(n, "name")),
             to_lower_ascii(attribute(n, "itemprop"))},
            n});
        break;
      case GUMBO_TAG_TITLE:
        page.titles.push_back(n);
        break;
      case GUMBO_TAG_H1:
        page.h1s.push_back(n);
        break;
      case GUMBO_TAG_SCRIPT:
        page.scripts.push_back(n);
        break;
      case GUMBO_TAG_BODY:
        if (!page.body) page.body = n;
        break;
      default:
        break;
    }
    return true;
  });
  page.linked = read_linked_data(page);
  return page;
}

}  // namespace headlined::parse::detail
