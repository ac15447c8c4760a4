// make_channel: checks a spec and builds its channel.
#include <algorithm>

#include "headlined/notify/channels.hpp"
#include "headlined/notify/signing.hpp"
#include "presets.hpp"

namespace headlined::notify {

namespace {

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != s.npos;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::ranges::any_of(prefixes, [&](std::string_view p) { return s.starts_with(p); });
}

// RFC 9110 token characters, so a configured header name cannot smuggle in syntax.
bool is_token(std::string_view s) {
  constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::ranges::all_of(s, [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kExtra.find(c) != kExtra.npos;
  });
}

// What each preset needs beyond the URL; a preset with a public server needs no URL.
struct PresetNeeds {
  bool url = true;
  bool token = false;
  bool target = false;
};

PresetNeeds needs_of(const std::string& preset) {
  if (preset == "telegram") return {false, true, true};
  if (preset == "ntfy") return {false, false, true};
  if (preset == "gotify") return {true, true, false};
  if (preset == "bark" || preset == "serverchan") return {false, true, false};
  return {};
}

Result<void> check_webhook(const ChannelSpec& spec, const std::string& where) {
  if (!is_known_preset(spec.preset)) return fail("unknown preset '" + spec.preset + "'", where);
  PresetNeeds needs = needs_of(spec.preset);
  const std::string kind = spec.preset.empty() ? "webhook" : spec.preset;
  if (needs.url && spec.url.empty()) return fail(kind + " channel is missing url", where);
  if (!spec.url.empty() && !starts_with_any(spec.url, {"http://", "https://"})) {
    return fail("url must be http:// or https://", where);
  }
  if (needs.token && spec.token.empty()) return fail("channel is missing its token", where);
  if (needs.target && spec.target.empty()) {
    return fail(spec.preset == "ntfy" ? "channel is missing topic" : "channel is missing chat_id",
                where);
  }
  if (spec.preset.empty() && !spec.secret.empty() &&
      !standard_webhooks_signature(spec.secret, "", 0, "")) {
    return fail("secret must be whsec_ followed by base64", where);
  }
  for (const auto& [name, value] : spec.headers) {
    if (!is_token(name)) return fail("invalid header name '" + name + "'", where);
    if (has_line_break(value)) return fail("header '" + name + "' has a line break", where);
  }
  if (has_line_break(spec.token) || has_line_break(spec.target)) {
    return fail("token or target has a line break", where);
  }
  return {};
}

Result<void> check_email(const ChannelSpec& spec, const std::string& where) {
  if (spec.smtp_url.empty()) return fail("email channel is missing smtp_url", where);
  if (!starts_with_any(spec.smtp_url, {"smtp://", "smtps://"})) {
    return fail("smtp_url must be smtp:// or smtps://", where);
  }
  if (spec.from.empty()) return fail("email channel is missing from", where);
  if (spec.to.empty()) return fail("email channel is missing to", where);
  if (has_line_break(spec.from)) return fail("from has a line break", where);
  if (has_line_break(spec.unsubscribe) ||
      spec.unsubscribe.find_first_of("<>") != spec.unsubscribe.npos)
    return fail("unsubscribe must be a plain URL", where);
  if (spec.tls != "try" && spec.tls != "starttls" && spec.tls != "none")
    return fail("tls must be \"try\", \"starttls\" or \"none\"", where);
  for (const auto& rcpt : spec.to) {
    if (rcpt.empty() || has_line_break(rcpt)) return fail("invalid recipient in to", where);
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Channel>> make_channel(const ChannelSpec& spec) {
  const std::string where = "channel '" + spec.name + "'";
  if (spec.max_attempts < 1) return fail("max_attempts must be at least 1", where);
  if (spec.timeout.count() < 1) return fail("timeout must be at least 1 second", where);
  if (spec.rate_limit_count < 0 ||
      (spec.rate_limit_count > 0 && spec.rate_limit_window.count() < 1))
    return fail("rate limit needs a positive count and window", where);
  switch (spec.type) {
    case ChannelType::Console:
      return std::make_unique<ConsoleChannel>();
    case ChannelType::Webhook:
      if (auto ok = check_webhook(spec, where); !ok) return std::unexpected(ok.error());
      return std::make_unique<WebhookChannel>(spec);
    case ChannelType::Email:
      if (auto ok = check_email(spec, where); !ok) return std::unexpected(ok.error());
      return std::make_unique<EmailChannel>(spec);
  }
  return fail("unknown channel type", where);
}

}  // namespace headlined::notify
