#include "headlined/parse/extract.hpp"

#include "extract_internal.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"

namespace headlined::parse {

namespace {

// Lines of the content element that are not body text: the headline, sub-title, byline,
// source, date and editor notes that sites print inside the article container.
bool is_furniture(const std::string& line, const Article& a) {
  if (line == a.title || line == a.subtitle || line == a.byline) return true;
  if (detail::is_byline_line(line) || detail::is_editor_line(line) || detail::is_date_line(line))
    return true;
  return detail::visible_length(line) <= 60 && !detail::attribution_in(line).empty();
}

}  // namespace

Article extract_article(std::string_view utf8_html, const std::string& url) {
  HtmlDocument doc(utf8_html);
  const GumboNode* root = doc.root();
  Article a;
  a.url = url;
  if (!root) return a;
  std::vector<detail::Line> lines = detail::text_lines(root, detail::is_chrome);
  detail::Title title = detail::find_title(root);
  a.title = title.text;
  a.subtitle = detail::find_subtitle(root, title);
  a.byline = detail::find_byline(root, lines);
  a.attribution = detail::find_attribution(lines);
  a.published = detail::find_published(root, lines);

  const GumboNode* content = detail::find_content(root);
  for (const detail::Line& line : detail::text_lines(content, detail::is_boilerplate)) {
    if (is_furniture(line.text, a)) continue;
    if (!a.body.empty()) a.body += '\n';
    a.body += line.text;
  }
  return a;
}

}  // namespace headlined::parse
