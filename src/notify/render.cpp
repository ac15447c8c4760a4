// Template rendering. Placeholder values are escaped for the target markup here, so no
// channel has to think about a title that contains "<script>" or a Slack control sequence.
#include "headlined/notify/render.hpp"

#include <algorithm>
#include <array>

#include "headlined/core/time.hpp"
#include "headlined/text/markup_escape.hpp"

namespace headlined::notify {

namespace {

struct DefaultTemplates {
  const char* subject;
  const char* body;
  const char* digest_subject;
  const char* digest_heading;
  const char* digest_item;
};

constexpr DefaultTemplates kEnglish = {
    "[headlined] {subscription}: {title}",
    "{title}\n{subtitle}\n\n{snippet}\n\n{url}\nSource: {source}\nReprinted from: "
    "{attribution}\nPublished: {published}\nSubscriptions: {subscriptions}\nMatched terms: "
    "{terms}\n",
    "[headlined] {subscription}: {count} new articles",
    "{count} new articles for {subscriptions} since the last digest.\n",
    "{index}. {title}\n{url}\n{snippet}\n",
};

constexpr DefaultTemplates kChinese = {
    "[headlined] {subscription}:{title}",
    "{title}\n{subtitle}\n\n{snippet}\n\n{url}\n来源:{source}\n转自:{attribution}\n"
    "发布时间:{published}\n订阅:{subscriptions}\n命中关键词:{terms}\n",
    "[headlined] {subscription}:{count} 篇新文章",
    "自上次摘要以来,{subscriptions} 共有 {count} 篇新文章。\n",
    "{index}. {title}\n{url}\n{snippet}\n",
};

constexpr std::array kPlaceholders = {
    "title",         "url",   "snippet",  "source", "attribution", "published", "subscription",
    "subscriptions", "terms", "subtitle", "byline", "fetched",     "count",     "index"};

const DefaultTemplates& defaults_for(const std::string& language) {
  return language == "zh" ? kChinese : kEnglish;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

bool is_html(Markup markup) {
  return markup == Markup::Html || markup == Markup::TelegramHtml;
}

std::string escape(std::string_view text, Markup markup) {
  if (!is_html(markup) && markup != Markup::Slack) return std::string(text);
  return text::escape_markup(
      text, is_html(markup) ? text::EscapeQuotes::Double : text::EscapeQuotes::None);
}

// Values are single-line: a line break inside a title would otherwise break the template's
// line structure (and the line-dropping rule).
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

std::string link(const std::string& url, Markup markup) {
  const std::string u = one_line(url);
  switch (markup) {
    case Markup::Html:
    case Markup::TelegramHtml:
      return "<a href=\"" + escape(u, markup) + "\">" + escape(u, markup) + "</a>";
    case Markup::Slack:
      return "<" + escape(u, markup) + ">";
    default:
      return u;
  }
}

struct Context {
  const Message& message;
  const MessageItem* item = nullptr;  // null for digest headings
  std::size_t index = 0;              // 1-based within a digest
};

std::vector<std::string> all_subscriptions(const Message& message) {
  std::vector<std::string> out;
  for (const MessageItem& item : message.items)
    for (const std::string& s : item.subscriptions)
      if (std::ranges::find(out, s) == out.end()) out.push_back(s);
  return out;
}

// The value of `name`, already escaped for `markup`; nothing for an unknown name.
std::optional<std::string> value_of(std::string_view name, const Context& ctx, Markup markup) {
  const Message& m = ctx.message;
  if (name == "subscription") return escape(one_line(m.lead().subscriptions.front()), markup);
  if (name == "subscriptions") {
    return escape(one_line(join(ctx.item ? ctx.item->subscriptions : all_subscriptions(m), ", ")),
                  markup);
  }
  if (name == "count") return std::to_string(m.items.size());
  if (name == "index") return ctx.item ? std::to_string(ctx.index) : "";
  const MessageItem& item = ctx.item ? *ctx.item : m.lead();
  const Article& a = item.snapshot.article;
  if (name == "title") return escape(one_line(a.title), markup);
  if (name == "url") return link(a.url, markup);
  if (name == "snippet") return highlight(one_line(item.snippet), item.terms, markup);
  if (name == "source") return escape(one_line(a.source_name), markup);
  if (name == "attribution") return escape(one_line(a.attribution), markup);
  if (name == "published") return escape(one_line(a.published), markup);
  if (name == "terms") return escape(one_line(join(item.terms, ", ")), markup);
  if (name == "subtitle") return escape(one_line(a.subtitle), markup);
  if (name == "byline") return escape(one_line(a.byline), markup);
  if (name == "fetched") return format_utc_iso(item.snapshot.fetched_at);
  return std::nullopt;
}

// Renders one line of a template (without its "\n"); false when every placeholder on it was
// empty, so the caller leaves the line out.
bool render_line(std::string_view line, const Context& ctx, Markup markup, std::string& out) {
  int placeholders = 0;
  int filled = 0;
  std::string rendered;
  std::string literal;
  auto flush_literal = [&] {
    rendered += is_html(markup) ? escape(literal, markup) : literal;
    literal.clear();
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((line[i] == '{' || line[i] == '}') && i + 1 < line.size() && line[i + 1] == line[i]) {
      literal += line[i];
      ++i;
      continue;
    }
    if (line[i] == '{') {
      std::size_t close = line.find('}', i);
      if (close != std::string_view::npos) {
        auto value = value_of(line.substr(i + 1, close - i - 1), ctx, markup);
        if (value) {
          flush_literal();
          ++placeholders;
          if (!value->empty()) ++filled;
          rendered += *value;
          i = close;
          continue;
        }
      }
    }
    literal += line[i];
  }
  flush_literal();
  if (placeholders > 0 && filled == 0) return false;
  out += rendered;
  out += markup == Markup::Html ? "<br>\n" : "\n";
  return true;
}

std::string render_template(std::string_view text, const Context& ctx, Markup markup) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    render_line(text.substr(start, end - start), ctx, markup, out);
    start = end + 1;
  }
  return out;
}

bool ascii_iequal(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

}  // namespace

bool is_known_placeholder(std::string_view name) {
  return std::ranges::find(kPlaceholders, name) != kPlaceholders.end();
}

std::string highlight(std::string_view snippet, const std::vector<std::string>& terms,
                      Markup markup) {
  std::vector<std::string_view> sorted;
  for (const auto& t : terms)
    if (!t.empty()) sorted.push_back(t);
  // Longest first, so "招商引资" wins over "招商" at the same place.
  std::ranges::sort(sorted, [](auto a, auto b) { return a.size() > b.size(); });
  std::string open = "[", close = "]";
  if (is_html(markup)) open = "<b>", close = "</b>";
  if (markup == Markup::Markdown) open = close = "**";
  if (markup == Markup::Slack) open = close = "*";
  std::string out;
  std::string pending;  // unmatched text, escaped in one go
  for (std::size_t i = 0; i < snippet.size();) {
    auto hit = std::ranges::find_if(sorted, [&](std::string_view t) {
      return snippet.size() - i >= t.size() && ascii_iequal(snippet.substr(i, t.size()), t);
    });
    if (hit == sorted.end()) {
      pending += snippet[i++];
      continue;
    }
    out += escape(pending, markup);
    pending.clear();
    out += open + escape(snippet.substr(i, hit->size()), markup) + close;
    i += hit->size();
  }
  out += escape(pending, markup);
  return out;
}

std::string render_subject(const Message& message) {
  const DefaultTemplates& d = defaults_for(message.language);
  std::string text;
  if (message.digest) {
    text = render_template(d.digest_subject, Context{message}, Markup::Plain);
  } else {
    const std::string& subject =
        message.overrides.subject.empty() ? std::string(d.subject) : message.overrides.subject;
    text = render_template(subject, Context{message, &message.lead(), 1}, Markup::Plain);
  }
  std::string line = one_line(text);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::string render_body(const Message& message, Markup markup) {
  const DefaultTemplates& d = defaults_for(message.language);
  if (!message.digest) {
    const std::string& body =
        message.overrides.body.empty() ? std::string(d.body) : message.overrides.body;
    return render_template(body, Context{message, &message.lead(), 1}, markup);
  }
  std::string out = render_template(d.digest_heading, Context{message}, markup);
  const std::string item_template =
      message.overrides.body.empty() ? std::string(d.digest_item) : message.overrides.body;
  for (std::size_t i = 0; i < message.items.size(); ++i) {
    out += markup == Markup::Html ? "<br>\n" : "\n";
    out += render_template(item_template, Context{message, &message.items[i], i + 1}, markup);
  }
  return out;
}

}  // namespace headlined::notify
