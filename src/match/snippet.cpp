#include "snippet.hpp"

#include "headlined/text/normalize.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::match {

namespace {

constexpr std::string_view kEllipsis = "…";

void add_paragraphs(std::vector<std::string>& out, const std::string& text) {
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text::trim(std::string_view(text).substr(begin, end - begin));
    if (!line.empty()) out.push_back(std::move(line));
    begin = end + 1;
  }
}

}  // namespace

std::string cut_snippet(std::string_view paragraph, std::size_t hit_begin, std::size_t hit_end,
                        std::size_t width) {
  // Byte offsets of every code point start, and the end.
  std::vector<std::size_t> starts;
  for (std::size_t pos = 0; pos < paragraph.size();) {
    starts.push_back(pos);
    text::next_code_point(paragraph, pos);
  }
  const std::size_t n = starts.size();
  starts.push_back(paragraph.size());
  auto index_of = [&](std::size_t byte) {
    std::size_t i = 0;
    while (i < n && starts[i + 1] <= byte) ++i;
    return i;
  };
  const std::size_t hb = index_of(hit_begin);
  const std::size_t he = std::max(hb, index_of(hit_end == 0 ? 0 : hit_end - 1) + 1);
  // A third of the room before the hit, the rest after: a reader wants what follows.
  const std::size_t room = width > he - hb ? width - (he - hb) : 0;
  std::size_t first = hb - std::min(hb, room / 3);
  std::size_t last = std::min(n, first + width);
  if (last - first < width) first = last > width ? last - width : 0;

  std::string out;
  if (first > 0) out += kEllipsis;
  out += paragraph.substr(starts[first], starts[last] - starts[first]);
  if (last < n) out += kEllipsis;
  return out;
}

ArticleText::ArticleText(const Article& article)
    : normalized_(text::normalize_for_match(article.title + "\n" + article.body)) {
  std::vector<std::string> originals;
  add_paragraphs(originals, text::sanitize_utf8(article.title));
  add_paragraphs(originals, text::sanitize_utf8(article.body));
  for (std::string& o : originals) paragraphs_.push_back(Paragraph{std::move(o), false, {}, {}});
}

void ArticleText::map(Paragraph& p) {
  // Normalising code point by code point keeps the way back to the original bytes. It can
  // differ from normalising the whole paragraph only where combining marks compose, which at
  // worst moves a snippet, never the match decision.
  const std::string_view original = p.original;
  for (std::size_t pos = 0; pos < original.size();) {
    const std::size_t begin = pos;
    const char32_t cp = text::next_code_point(original, pos);
    std::string piece;
    if (cp < 0x80) {
      piece = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else {
      piece = text::normalize_for_match(original.substr(begin, pos - begin));
    }
    p.normalized += piece;
    p.origin.insert(p.origin.end(), piece.size(), begin);
  }
  p.origin.push_back(original.size());
  p.mapped = true;
}

std::string ArticleText::snippet(const Query& query) {
  for (Paragraph& p : paragraphs_) {
    if (!p.mapped) map(p);
    auto hit = query.first_hit(p.normalized);
    if (!hit) continue;
    // The hit's last byte maps to the start of its original code point; the end is past it.
    std::size_t begin = p.origin[hit->first];
    std::size_t last = p.origin[hit->second - 1];
    std::size_t end = last;
    text::next_code_point(p.original, end);
    return cut_snippet(p.original, begin, end);
  }
  // A phrase running from the title into the body is in no single paragraph.
  if (paragraphs_.empty()) return "";
  return cut_snippet(paragraphs_.front().original, 0, 0);
}

}  // namespace headlined::match
