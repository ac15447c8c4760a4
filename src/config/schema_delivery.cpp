#include "schema_delivery.hpp"

#include "schema.hpp"

#include <algorithm>
#include <array>

namespace headlined::config {

namespace {

// The placeholders notify's renderer fills (include/headlined/notify/render.hpp).
constexpr std::array<std::string_view, 14> kPlaceholders = {
    "title",         "url",   "snippet",  "source", "attribution", "published", "subscription",
    "subscriptions", "terms", "subtitle", "byline", "fetched",     "count",     "index"};

// Reports the first "{name}" that is not a placeholder ("{{" is a literal brace).
void check_placeholders(Reader& reader, const std::string& at, const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    std::size_t close = text.find('}', i);
    std::string_view name = close == std::string::npos
                                ? std::string_view()
                                : std::string_view(text).substr(i + 1, close - i - 1);
    if (std::ranges::find(kPlaceholders, name) == kPlaceholders.end()) {
      reader.error_at_value(at, "unknown placeholder '{" + std::string(name) +
                                    "}' (write {{ for a literal brace; see docs/channels.md)");
      return;
    }
    i = close;
  }
}

// "HH:MM" as a minute of the day, or -1.
int minute_of_day(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  auto digit = [&](int i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -100; };
  int h = digit(0) * 10 + digit(1);
  int m = digit(3) * 10 + digit(4);
  if (h < 0 || h > 23 || m < 0 || m > 59) return -1;
  return h * 60 + m;
}

}  // namespace

void read_message_template(Reader& reader, const nlohmann::json& entry, const std::string& at,
                           std::string_view what, MessageTemplate& out) {
  auto it = entry.find("template");
  if (it == entry.end()) return;
  const std::string template_at = pointer_append(at, "template");
  if (!reader.expect_object(*it, template_at, "'template'")) return;
  reader.check_keys(*it, template_at, {"subject", "body"}, "template");
  const std::string where = std::string(what) + " template";
  if (auto subject = reader.string_field(*it, template_at, "subject", Need::Optional, where)) {
    check_placeholders(reader, pointer_append(template_at, "subject"), *subject);
    out.subject = *subject;
  }
  if (auto body = reader.string_field(*it, template_at, "body", Need::Optional, where)) {
    check_placeholders(reader, pointer_append(template_at, "body"), *body);
    out.body = *body;
  }
}

void read_subscription_delivery(Reader& reader, const nlohmann::json& entry, const std::string& at,
                                Subscription& out) {
  const std::string what = "subscription";
  auto mode = reader.string_field(entry, at, "delivery", Need::Optional, what);
  if (mode == "digest") {
    out.delivery = DeliveryMode::Digest;
  } else if (mode && *mode != "instant") {
    reader.error_at_value(pointer_append(at, "delivery"),
                          "'delivery' must be \"instant\" or \"digest\", not \"" + *mode + "\"");
  }
  auto every = reader.duration_field(entry, at, "digest_every", Need::Optional, what);
  auto daily = reader.string_field(entry, at, "digest_at", Need::Optional, what);
  if (every) {
    if (every->count() < 60)
      reader.error_at_value(pointer_append(at, "digest_every"),
                            "'digest_every' must be at least one minute");
    out.digest_every = *every;
  }
  if (daily) {
    out.digest_daily_minute = minute_of_day(*daily);
    if (out.digest_daily_minute < 0)
      reader.error_at_value(pointer_append(at, "digest_at"),
                            "'digest_at' must be a time of day \"HH:MM\", not \"" + *daily + "\"");
  }
  if (auto zone = time_zone_field(reader, entry, at, what)) out.digest_time_zone = *zone;
  // The zone places digest windows; an instant subscription has none.
  if (out.delivery == DeliveryMode::Instant && Reader::has(entry, "time_zone"))
    reader.warn_at_key(pointer_append(at, "time_zone"),
                       "'time_zone' has no effect without \"delivery\": \"digest\" (it "
                       "places digest windows)");
  if (out.delivery == DeliveryMode::Digest && every.has_value() == daily.has_value()) {
    reader.error_at_value(pointer_append(at, "delivery"),
                          "a digest needs exactly one of 'digest_every' (e.g. \"30m\") or "
                          "'digest_at' (e.g. \"08:00\")");
  } else if (out.delivery == DeliveryMode::Instant && (every || daily)) {
    const std::string key = every ? "digest_every" : "digest_at";
    reader.error_at_key(pointer_append(at, key),
                        "'" + key + "' applies only with \"delivery\": \"digest\"");
  }
  if (auto language = reader.string_field(entry, at, "language", Need::Optional, what)) {
    if (*language != "en" && *language != "zh")
      reader.error_at_value(pointer_append(at, "language"),
                            "'language' must be \"en\" or \"zh\", not \"" + *language + "\"");
    else
      out.language = *language;
  }
  read_message_template(reader, entry, at, what, out.message_template);
}

}  // namespace headlined::config
