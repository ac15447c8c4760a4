// Each builder follows its service's documented bot API (see docs/channels.md for links):
// the fields the service requires, its length limits, and its signing scheme.
#include "presets.hpp"

#include <nlohmann/json.hpp>

#include <array>

#include "headlined/notify/render.hpp"
#include "headlined/notify/signing.hpp"

namespace headlined::notify {

namespace {

using nlohmann::json;

constexpr std::array<const char*, 10> kPresets = {"slack", "discord",   "telegram", "dingtalk",
                                                  "wecom", "feishu",    "ntfy",     "gotify",
                                                  "bark",  "serverchan"};

std::string dump(const json& value) {
  // Page text with a stray invalid byte must still produce a request, not an exception.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// At most `max` code points (services count characters), never splitting UTF-8.
std::string truncate_chars(const std::string& text, std::size_t max) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++count > max) return text.substr(0, i);
  }
  return text;
}

// At most `max` bytes, cut before a UTF-8 sequence rather than inside it.
std::string truncate_bytes(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string base_url(const ChannelSpec& spec, const char* fallback) {
  std::string url = spec.url.empty() ? fallback : spec.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string with_query(const std::string& url, const std::string& query) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + query;
}

// The article URL a single-article message links to; empty for digests.
std::string click_url(const Message& message) {
  return message.digest ? "" : message.lead().snapshot.article.url;
}

HttpRequest slack(const ChannelSpec& spec, const Message& m) {
  // Incoming webhooks require "text" (mrkdwn); link unfurling would repeat the article.
  std::string subject = render_subject(m);
  std::string text =
      "*" + highlight(subject, {}, Markup::Slack) + "*\n" + render_body(m, Markup::Slack);
  json body = {{"text", text}, {"unfurl_links", false}, {"unfurl_media", false}};
  return {spec.url, {}, dump(body)};
}

HttpRequest discord(const ChannelSpec& spec, const Message& m) {
  // content is limited to 2000 characters; article text must never ping @everyone.
  std::string content = "**" + render_subject(m) + "**\n" + render_body(m, Markup::Markdown);
  json body = {{"content", truncate_chars(content, 2000)},
               {"allowed_mentions", {{"parse", json::array()}}}};
  return {spec.url, {}, dump(body)};
}

HttpRequest telegram(const ChannelSpec& spec, const Message& m) {
  // sendMessage: text up to 4096 characters. Cutting HTML could leave a tag open (which
  // Telegram refuses), so an over-long message goes as plain text instead.
  const std::string subject = render_subject(m);
  std::string html = "<b>" + highlight(subject, {}, Markup::TelegramHtml) + "</b>\n" +
                     render_body(m, Markup::TelegramHtml);
  json body = {{"chat_id", spec.target}, {"disable_web_page_preview", m.digest}};
  if (truncate_chars(html, 4096) == html) {
    body["text"] = html;
    body["parse_mode"] = "HTML";
  } else {
    body["text"] = truncate_chars(subject + "\n" + render_body(m, Markup::Plain), 4096);
  }
  return {base_url(spec, "https://api.telegram.org") + "/bot" + spec.token + "/sendMessage",
          {},
          dump(body)};
}

HttpRequest dingtalk(const ChannelSpec& spec, const Message& m, std::int64_t now_ms) {
  // Markdown needs an empty line for a line break; the title shows in the notification.
  std::string text = "#### " + render_subject(m) + "\n\n";
  std::string rendered = render_body(m, Markup::Markdown);
  for (char c : rendered) text += c == '\n' ? std::string("\n\n") : std::string(1, c);
  json body = {{"msgtype", "markdown"},
               {"markdown", {{"title", truncate_chars(render_subject(m), 64)}, {"text", text}}}};
  std::string url = spec.url;
  if (!spec.secret.empty()) {
    url = with_query(url, "timestamp=" + std::to_string(now_ms) +
                              "&sign=" + url_encode(dingtalk_signature(spec.secret, now_ms)));
  }
  return {url, {}, dump(body)};
}

HttpRequest wecom(const ChannelSpec& spec, const Message& m) {
  // markdown.content: at most 4096 bytes of UTF-8.
  std::string content = "**" + render_subject(m) + "**\n" + render_body(m, Markup::Markdown);
  json body = {{"msgtype", "markdown"}, {"markdown", {{"content", truncate_bytes(content, 4096)}}}};
  return {spec.url, {}, dump(body)};
}

HttpRequest feishu(const ChannelSpec& spec, const Message& m, std::int64_t now_ms) {
  json body = {{"msg_type", "text"},
               {"content", {{"text", render_subject(m) + "\n" + render_body(m, Markup::Plain)}}}};
  if (!spec.secret.empty()) {
    const std::int64_t seconds = now_ms / 1000;
    body["timestamp"] = std::to_string(seconds);
    body["sign"] = feishu_signature(spec.secret, seconds);
  }
  return {spec.url, {}, dump(body)};
}

HttpRequest ntfy(const ChannelSpec& spec, const Message& m) {
  // JSON publishing (POST to the server root names the topic in the body) keeps UTF-8
  // titles intact, which ntfy's header form would need encoded.
  json body = {{"topic", spec.target},
               {"title", render_subject(m)},
               {"message", render_body(m, Markup::Plain)},
               {"tags", {"newspaper"}}};
  if (std::string click = click_url(m); !click.empty()) body["click"] = click;
  return {base_url(spec, "https://ntfy.sh"), {}, dump(body)};
}

HttpRequest gotify(const ChannelSpec& spec, const Message& m) {
  std::string url = base_url(spec, "");
  if (!url.ends_with("/message")) url += "/message";
  json body = {
      {"title", render_subject(m)}, {"message", render_body(m, Markup::Plain)}, {"priority", 5}};
  if (std::string click = click_url(m); !click.empty())
    body["extras"] = {{"client::notification", {{"click", {{"url", click}}}}}};
  return {url, {"X-Gotify-Key: " + spec.token}, dump(body)};
}

HttpRequest bark(const ChannelSpec& spec, const Message& m) {
  json body = {{"device_key", spec.token},
               {"title", render_subject(m)},
               {"body", render_body(m, Markup::Plain)},
               {"group", "headlined"}};
  if (std::string click = click_url(m); !click.empty()) body["url"] = click;
  return {base_url(spec, "https://api.day.app") + "/push", {}, dump(body)};
}

HttpRequest serverchan(const ChannelSpec& spec, const Message& m) {
  // Form fields: title (at most 32 characters) and desp (Markdown).
  std::string form = "title=" + url_encode(truncate_chars(render_subject(m), 32)) +
                     "&desp=" + url_encode(render_body(m, Markup::Markdown));
  return {base_url(spec, "https://sctapi.ftqq.com") + "/" + spec.token + ".send",
          {},
          form,
          "application/x-www-form-urlencoded"};
}

}  // namespace

bool is_known_preset(const std::string& preset) {
  return preset.empty() || std::ranges::find(kPresets, preset) != kPresets.end();
}

HttpRequest preset_request(const ChannelSpec& spec, const Message& message, std::int64_t now_ms) {
  const std::string& p = spec.preset;
  if (p == "slack") return slack(spec, message);
  if (p == "discord") return discord(spec, message);
  if (p == "telegram") return telegram(spec, message);
  if (p == "dingtalk") return dingtalk(spec, message, now_ms);
  if (p == "wecom") return wecom(spec, message);
  if (p == "feishu") return feishu(spec, message, now_ms);
  if (p == "ntfy") return ntfy(spec, message);
  if (p == "gotify") return gotify(spec, message);
  if (p == "bark") return bark(spec, message);
  return serverchan(spec, message);
}

}  // namespace headlined::notify
