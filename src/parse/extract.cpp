#include "headlined/parse/extract.hpp"

#include <cctype>

#include "extract_internal.hpp"
#include "headlined/core/url.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/html.hpp"
#include "headlined/parse/selector.hpp"
#include "headlined/text/markup_escape.hpp"
#include "text_util.hpp"

namespace headlined::parse {

namespace {

// Lines of the content element that are not body text: the headline, sub-title, byline,
// source, date and editor notes that sites print inside the article container.
bool is_furniture(const std::string& line, const Article& a) {
  if (line == a.title || line == a.subtitle || line == a.byline) return true;
  if (detail::is_byline_line(line) || detail::is_editor_line(line) || detail::is_date_line(line) ||
      detail::is_caption_line(line) || detail::is_original_title_line(line) ||
      detail::is_disclaimer_line(line) || detail::is_credits_line(line) ||
      !detail::labelled_author(line).empty())
    return true;
  return !detail::visible_length_exceeds(line, 60) && !detail::attribution_in(line).empty();
}

std::vector<const GumboNode*> select_all(const std::string& selector, const GumboNode* root) {
  if (detail::trim(selector).empty()) return {};
  auto parsed = Selector::parse(selector);
  return parsed ? parsed->select(root) : std::vector<const GumboNode*>{};
}

std::string first_text(const std::string& selector, const GumboNode* root) {
  for (const GumboNode* n : select_all(selector, root))
    if (std::string t = node_text(n); !t.empty()) return t;
  return "";
}

// Elements a `drop` override names become invisible to every later step. Re-tagging them as
// <script> does that without unlinking nodes from gumbo's tree (which has no public API for
// it); the document is private to this extraction.
void drop_elements(const std::string& selector, const GumboNode* root) {
  for (const GumboNode* n : select_all(selector, root))
    const_cast<GumboNode*>(n)->v.element.tag = GUMBO_TAG_SCRIPT;
}

// An image worth showing as the article's lead: not an icon, not a tracking pixel.
std::string image_url(const GumboNode* img, const std::string& page_url) {
  std::string src = detail::trim(attribute(img, "src"));
  if (src.empty() || detail::starts_with(src, "data:"))
    src = detail::trim(attribute(img, "data-src"));
  if (src.empty() || detail::starts_with(src, "data:")) return "";
  for (const char* dimension : {"width", "height"}) {
    std::string v = attribute(img, dimension);
    if (!v.empty() && std::atoi(v.c_str()) > 0 && std::atoi(v.c_str()) < 50) return "";
  }
  return resolve_url(page_url, src);
}

std::string escape_html(std::string_view s) {
  return text::escape_markup(s, text::EscapeQuotes::Double);
}

// The cleaned-HTML element a body line becomes, from the block that holds it.
std::string_view html_tag_for(const GumboNode* owner) {
  for (const GumboNode* n = owner; n; n = detail::parent_element(n)) {
    if (!detail::is_element(n)) break;
    switch (n->v.element.tag) {
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
        return "h2";
      case GUMBO_TAG_H3:
        return "h3";
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        return "h4";
      case GUMBO_TAG_LI:
        return "li";
      case GUMBO_TAG_BLOCKQUOTE:
        return "blockquote";
      case GUMBO_TAG_PRE:
        return "pre";
      default:
        break;
    }
    if (n == owner && detail::has_tag(n, GUMBO_TAG_P)) return "p";
    if (detail::is_block(n)) return "p";
  }
  return "p";
}

// Body text and cleaned HTML from the lines of the content element(s).
class BodyWriter {
 public:
  BodyWriter(Article& article, const std::string& page_url) : a_(article), page_url_(page_url) {}

  void add(const detail::Line& line, bool filter_furniture) {
    if (line.image) {
      std::string src = image_url(line.image, page_url_);
      if (src.empty()) return;
      if (a_.lead_image.empty()) a_.lead_image = src;
      close_list();
      a_.body_html += "<img src=\"" + escape_html(src) + "\"";
      if (std::string alt = detail::collapse_whitespace(attribute(line.image, "alt")); !alt.empty())
        a_.body_html += " alt=\"" + escape_html(alt) + "\"";
      a_.body_html += ">\n";
      return;
    }
    if (filter_furniture && is_furniture(line.text, a_)) return;
    // A line that is mostly link text inside the content is a "read more" list or a widget.
    if (filter_furniture && line.link_chars * 10 >= detail::visible_length(line.text) * 6) return;
    if (!a_.body.empty()) a_.body += '\n';
    a_.body += line.text;
    std::string_view tag = html_tag_for(line.owner);
    if (tag == "li" && !in_list_) {
      a_.body_html += "<ul>\n";
      in_list_ = true;
    } else if (tag != "li") {
      close_list();
    }
    a_.body_html +=
        "<" + std::string(tag) + ">" + escape_html(line.text) + "</" + std::string(tag) + ">\n";
  }

  void finish() { close_list(); }

 private:
  void close_list() {
    if (in_list_) a_.body_html += "</ul>\n";
    in_list_ = false;
  }

  Article& a_;
  const std::string& page_url_;
  bool in_list_ = false;
};

// The article text the page's JSON-LD gives (articleBody), in place of what the page's
// elements yielded when that is less than half of it: the story is then loaded by script,
// split into pieces, or hidden behind markup the content scoring missed. A shorter
// articleBody is often a teaser and never replaces the page's text.
void use_linked_body(const std::string& linked, Article& a) {
  std::size_t linked_length = detail::visible_length(linked);
  if (linked_length < 200 || linked_length < 2 * detail::visible_length(a.body)) return;
  a.body.clear();
  a.body_html.clear();
  std::string_view rest = linked;
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string paragraph = detail::collapse_whitespace(rest.substr(0, end));
    if (!paragraph.empty()) {
      if (!a.body.empty()) a.body += '\n';
      a.body += paragraph;
      a.body_html += "<p>" + escape_html(paragraph) + "</p>\n";
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

// The language the page declares: <html lang> (or xml:lang), else a Content-Language meta.
// The <html> element is a child of the document node (gumbo always makes one), so no walk
// of the tree is needed.
std::string declared_language(const detail::Page& page) {
  const GumboVector& top = page.root->v.document.children;
  for (unsigned i = 0; i < top.length; ++i) {
    const auto* n = static_cast<const GumboNode*>(top.data[i]);
    if (n->type != GUMBO_NODE_ELEMENT || n->v.element.tag != GUMBO_TAG_HTML) continue;
    if (std::string lang = detail::trim(attribute(n, "lang")); !lang.empty()) return lang;
    if (std::string lang = detail::trim(attribute(n, "xml:lang")); !lang.empty()) return lang;
  }
  for (const detail::Page::Meta& meta : page.metas) {
    std::string equiv = attribute(meta.node, "http-equiv");
    for (char& c : equiv) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (equiv == "content-language") return detail::trim(attribute(meta.node, "content"));
  }
  return "";
}

}  // namespace

Article extract_article(std::string_view utf8_html, const std::string& url) {
  return extract_article(utf8_html, url, Source::Overrides{});
}

Article extract_article(std::string_view utf8_html, const std::string& url,
                        const Source::Overrides& overrides) {
  // Without selector overrides only the attributes the finders below read are parsed.
  HtmlDocument doc(utf8_html, overrides.empty() ? Attributes::ReadByExtraction : Attributes::All);
  const GumboNode* root = doc.root();
  Article a;
  a.url = url;
  if (!root) return a;
  drop_elements(overrides.drop, root);
  const detail::Page page = detail::index_page(root);
  std::vector<detail::Line> lines = detail::text_lines(root, detail::is_chrome);
  detail::Title title = detail::find_title(page, lines);
  a.title = title.text;
  if (std::string t = first_text(overrides.title, root); !t.empty()) a.title = t;
  a.subtitle = detail::find_subtitle(root, title);
  // The dateline under the headline; headlines and datelines often sit in an element named
  // like chrome (a "header" or "meta" bar), so all lines are read when chrome hid it.
  std::string dateline = detail::find_dateline(lines, a.title);
  if (dateline.empty())
    dateline = detail::find_dateline(detail::text_lines(root, nullptr), a.title);
  a.attribution = detail::find_attribution(lines, a.title, dateline);
  a.byline = detail::find_byline(page, lines, a.title, dateline, a.attribution);
  if (std::string t = first_text(overrides.author, root); !t.empty()) a.byline = t;
  if (std::string t = first_text(overrides.attribution, root); !t.empty()) {
    std::string named = detail::attribution_in(t);
    a.attribution = named.empty() ? t : named;
  }
  std::vector<const GumboNode*> chosen = select_all(overrides.body, root);
  std::vector<const GumboNode*> content = chosen.empty() ? detail::find_content(page) : chosen;
  a.language = declared_language(page);
  a.published = detail::find_published(page, lines, dateline, a.title, content);
  for (const GumboNode* n : select_all(overrides.time, root)) {
    std::string d = parse_date(attribute(n, "datetime") + " " + node_text(n));
    if (!d.empty()) {
      a.published = d;
      break;
    }
  }

  BodyWriter writer(a, url);
  // The site's own container (an override) or the content found: every line of it is body,
  // furniture filtering included.
  for (const GumboNode* n : content)
    for (const detail::Line& line : detail::text_lines(n, detail::is_boilerplate, true))
      writer.add(line, true);
  writer.finish();
  if (chosen.empty()) use_linked_body(page.linked.article_body, a);
  // A page's declared share image is its lead when it has one; else the first body image.
  std::string og = detail::meta_content(page, {"og:image", "twitter:image", "og:image:url"});
  if (std::string resolved = og.empty() ? "" : resolve_url(url, og); !resolved.empty())
    a.lead_image = resolved;
  return a;
}

}  // namespace headlined::parse
