// The generic webhook payload (documented in docs/channels.md).
#include <nlohmann/json.hpp>

#include "headlined/core/time.hpp"
#include "headlined/notify/channel.hpp"
#include "headlined/notify/render.hpp"

namespace headlined::notify {

namespace {

nlohmann::json article_json(const Snapshot& s) {
  const Article& a = s.article;
  return {
      {"id", s.id},
      {"url", a.url},
      {"title", a.title},
      {"subtitle", a.subtitle},
      {"byline", a.byline},
      {"attribution", a.attribution},
      {"published", a.published},
      {"source", a.source_name},
      {"fetched_at", format_utc_iso(s.fetched_at)},
      {"body", a.body},
  };
}

nlohmann::json item_json(const MessageItem& item) {
  return {{"subscriptions", item.subscriptions},
          {"terms", item.terms},
          {"snippet", item.snippet},
          {"article", article_json(item.snapshot)}};
}

}  // namespace

std::string webhook_payload(const Message& message) {
  nlohmann::json payload;
  const MessageItem& lead = message.lead();
  if (message.digest) {
    nlohmann::json items = nlohmann::json::array();
    for (const MessageItem& item : message.items) items.push_back(item_json(item));
    payload = {{"id", message.idempotency_key},
               {"event", "articles.digest"},
               {"subscription", lead.subscriptions.front()},
               {"articles", std::move(items)}};
  } else {
    payload = item_json(lead);
    payload["id"] = message.idempotency_key;
    payload["event"] = "article.matched";
    payload["subscription"] = lead.subscriptions.front();
  }
  payload["subject"] = render_subject(message);
  payload["text"] = render_body(message, Markup::Plain);
  // A page with a stray invalid byte must still produce a payload, not an exception.
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace headlined::notify
