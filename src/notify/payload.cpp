// The webhook payload (documented in docs/channels.md).
#include <nlohmann/json.hpp>

#include "headlined/core/time.hpp"
#include "headlined/notify/channel.hpp"

namespace headlined::notify {

std::string webhook_payload(const Message& message) {
  const Snapshot& s = message.snapshot;
  const Article& a = s.article;
  nlohmann::json article = {
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
  nlohmann::json payload = {
      {"id", message.idempotency_key},        {"event", "article.matched"},
      {"subscription", message.subscription}, {"terms", message.terms},
      {"snippet", message.snippet},           {"article", std::move(article)},
  };
  // A page with a stray invalid byte must still produce a payload, not an exception.
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace headlined::notify
