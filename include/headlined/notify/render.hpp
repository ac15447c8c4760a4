#pragma once
// Message text from templates. A template is text with placeholders ({title}, {url},
// {snippet}, {source}, {attribution}, {published}, {subscription}, {subscriptions}, {terms},
// {subtitle}, {byline}, {fetched}; "{{" and "}}" are literal braces). A template line whose
// placeholders all come out empty is left out, so optional fields leave no dangling labels.
// Values are escaped for the markup they land in; the template's own text is taken as is
// (but HTML-escaped and line-broken for HTML).

#include <string>
#include <string_view>

#include "headlined/notify/channel.hpp"

namespace headlined::notify {

enum class Markup {
  Plain,         // text as is
  Html,          // email's HTML part: escaped, <b> for hits, <a> for the URL, <br> line ends
  TelegramHtml,  // Telegram's HTML subset: as Html but plain "\n" line ends (no <br>)
  Markdown,      // DingTalk, WeCom, ServerChan, Discord: **hits**
  Slack,         // Slack mrkdwn: &<> escaped, *hits*, <url>
};

// The placeholder names a template may use, for config validation.
bool is_known_placeholder(std::string_view name);

// One line, without control characters.
std::string render_subject(const Message& message);

// The body: the instant template for one article, or a digest heading with every item.
std::string render_body(const Message& message, Markup markup);

// `snippet` with every occurrence of a term (ASCII case-insensitive) marked for `markup`.
std::string highlight(std::string_view snippet, const std::vector<std::string>& terms,
                      Markup markup);

}  // namespace headlined::notify
