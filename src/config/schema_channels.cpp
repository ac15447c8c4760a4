#include <algorithm>
#include <array>

#include "headlined/core/url.hpp"
#include "preset_urls.hpp"
#include "schema.hpp"
#include "schema_delivery.hpp"

namespace headlined::config {

namespace {

// A header name is an RFC 9110 token; a value must not smuggle in another header line.
bool valid_header_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

bool valid_header_value(const std::string& value) {
  return value.find_first_of("\r\n") == std::string::npos;
}

// Keys that belong to one channel type, for a precise message when used on another.
const std::map<std::string, std::string>& misplaced_for(ChannelType type) {
  static const std::map<std::string, std::string> webhook_only = {
      {"url", "applies only to webhook channels"}, {"headers", "applies only to webhook channels"}};
  static const std::map<std::string, std::string> email_only = {
      {"smtp_url", "applies only to email channels"},
      {"username", "applies only to email channels"},
      {"password", "applies only to email channels"},
      {"from", "applies only to email channels"},
      {"to", "applies only to email channels"},
      {"tls", "applies only to email channels"},
      {"unsubscribe", "applies only to email channels"}};
  static const std::map<std::string, std::string> for_webhook = email_only;
  static const std::map<std::string, std::string> for_email = webhook_only;
  static const std::map<std::string, std::string> for_console = [] {
    std::map<std::string, std::string> m = webhook_only;
    m.insert(email_only.begin(), email_only.end());
    m.emplace("max_attempts", "does not apply to console channels");
    m.emplace("timeout", "does not apply to console channels");
    return m;
  }();
  switch (type) {
    case ChannelType::Webhook:
      return for_webhook;
    case ChannelType::Email:
      return for_email;
    default:
      return for_console;
  }
}

void read_delivery_policy(Reader& reader, const nlohmann::json& entry, const std::string& at,
                          const std::string& what, ChannelSpec& channel) {
  if (auto n = reader.int_field(entry, at, "max_attempts", 1, 100, Need::Optional, what))
    channel.max_attempts = static_cast<int>(*n);
  if (auto t = reader.duration_field(entry, at, "timeout", Need::Optional, what))
    channel.timeout = *t;
  if (auto backoff = entry.find("backoff"); backoff != entry.end()) {
    const std::string backoff_at = pointer_append(at, "backoff");
    if (reader.expect_object(*backoff, backoff_at, "'backoff'")) {
      reader.check_keys(*backoff, backoff_at, {"initial", "max"}, "backoff");
      auto initial = reader.duration_field(*backoff, backoff_at, "initial", Need::Optional, what);
      auto max = reader.duration_field(*backoff, backoff_at, "max", Need::Optional, what);
      constexpr std::chrono::seconds kDay{24 * 3600};
      if (initial && *initial > kDay)
        reader.error_at_value(pointer_append(backoff_at, "initial"), "at most a day (\"1d\")");
      if (max && *max > kDay)
        reader.error_at_value(pointer_append(backoff_at, "max"), "at most a day (\"1d\")");
      if (initial && max && *initial > *max)
        reader.error_at_value(backoff_at, "'initial' must not exceed 'max'");
      if (initial) channel.retry_initial = *initial;
      if (max) channel.retry_maximum = *max;
    }
  }
  if (auto limit = entry.find("rate_limit"); limit != entry.end()) {
    const std::string limit_at = pointer_append(at, "rate_limit");
    if (reader.expect_object(*limit, limit_at, "'rate_limit'")) {
      reader.check_keys(*limit, limit_at, {"messages", "per"}, "rate_limit");
      if (auto n = reader.int_field(*limit, limit_at, "messages", 1, 100000, Need::Required,
                                    "rate_limit"))
        channel.rate_limit_count = static_cast<int>(*n);
      if (auto per = reader.duration_field(*limit, limit_at, "per", Need::Required, "rate_limit"))
        channel.rate_limit_window = *per;
    }
  }
  read_message_template(reader, entry, at, what, channel.message_template);
}

// The generic webhook and the presets: the keys each accepts and how they map onto the
// spec (token and target carry the service's own names in the config).
struct WebhookShape {
  std::string_view type;
  bool url_required;
  std::string_view token_key;   // "" = none
  std::string_view target_key;  // "" = none
  bool secret;
};

constexpr WebhookShape kWebhookShapes[] = {
    {"webhook", true, "", "", true},          {"slack", true, "", "", false},
    {"discord", true, "", "", false},         {"telegram", false, "bot_token", "chat_id", false},
    {"dingtalk", true, "", "", true},         {"wecom", true, "", "", false},
    {"feishu", true, "", "", true},           {"lark", true, "", "", true},
    {"ntfy", false, "", "topic", false},      {"gotify", true, "token", "", false},
    {"bark", false, "device_key", "", false}, {"serverchan", false, "send_key", "", false},
};

const WebhookShape* webhook_shape(const std::string& type) {
  for (const WebhookShape& shape : kWebhookShapes)
    if (shape.type == type) return &shape;
  return nullptr;
}

constexpr std::array<std::string_view, 5> kPolicyKeys = {"max_attempts", "timeout", "backoff",
                                                         "rate_limit", "template"};

void read_webhook(Reader& reader, const nlohmann::json& entry, const std::string& at,
                  const WebhookShape& shape, ChannelSpec& channel) {
  const std::string what = std::string(shape.type) + " channel";
  std::vector<std::string_view> allowed = {"name", "type", "url", "headers"};
  allowed.insert(allowed.end(), kPolicyKeys.begin(), kPolicyKeys.end());
  if (!shape.token_key.empty()) allowed.push_back(shape.token_key);
  if (!shape.target_key.empty()) allowed.push_back(shape.target_key);
  if (shape.secret) allowed.push_back("secret");
  reader.check_keys(entry, at, allowed, what, misplaced_for(ChannelType::Webhook));
  if (shape.type != "webhook") channel.preset = shape.type == "lark" ? "feishu" : shape.type;
  if (auto url = reader.http_url_field(
          entry, at, "url", shape.url_required ? Need::Required : Need::Optional, what)) {
    channel.url = *url;
    const std::string_view preset = shape.type == "lark" ? "feishu" : shape.type;
    if (auto missing = missing_url_credential(preset, *url))
      reader.error_at_value(pointer_append(at, "url"), what + ": " + *missing);
  }
  if (auto headers = reader.string_map_field(entry, at, "headers", Need::Optional, what)) {
    for (const auto& [name, value] : *headers) {
      std::string header_at = pointer_append(pointer_append(at, "headers"), name);
      if (!valid_header_name(name))
        reader.error_at_key(header_at, "'" + name + "' is not a valid HTTP header name");
      else if (!valid_header_value(value))
        reader.error_at_value(header_at, "header values must not contain line breaks");
    }
    channel.headers = *headers;
  }
  if (!shape.token_key.empty())
    if (auto token = reader.string_field(entry, at, shape.token_key, Need::Required, what))
      channel.token = *token;
  if (!shape.target_key.empty())
    if (auto target = reader.string_field(entry, at, shape.target_key, Need::Required, what))
      channel.target = *target;
  if (shape.secret)
    if (auto secret = reader.string_field(entry, at, "secret", Need::Optional, what)) {
      if (shape.type == "webhook" && !secret->starts_with("whsec_"))
        reader.error_at_value(pointer_append(at, "secret"),
                              "a Standard Webhooks secret starts with \"whsec_\" (then base64)");
      channel.secret = *secret;
    }
  read_delivery_policy(reader, entry, at, what, channel);
}

// Settings libcurl ignores, or that send the password where others can read it.
void check_email_transport(Reader& reader, const nlohmann::json& entry, const std::string& at,
                           const ChannelSpec& channel) {
  const bool smtps = channel.smtp_url.starts_with("smtps://");
  if (smtps && Reader::has(entry, "tls"))
    reader.warn_at_key(pointer_append(at, "tls"),
                       "'tls' has no effect with an smtps:// URL (TLS from the first byte)");
  if (!channel.password.empty() && channel.username.empty())
    reader.warn_at_key(pointer_append(at, "password"),
                       "'password' has no effect without 'username' (no login is made)");
  // smtp:// with a login: only "starttls" refuses to send the password unencrypted when the
  // server (or someone between) does not offer STARTTLS.
  if (!smtps && !channel.smtp_url.empty() && !channel.username.empty() && channel.tls != "starttls")
    reader.warn_at_key(pointer_append(at, Reader::has(entry, "tls") ? "tls" : "username"),
                       "the login may be sent unencrypted over smtp:// with \"tls\": \"" +
                           channel.tls + "\": use \"tls\": \"starttls\" or an smtps:// URL");
}

void read_email(Reader& reader, const nlohmann::json& entry, const std::string& at,
                ChannelSpec& channel) {
  const std::string what = "email channel";
  reader.check_keys(entry, at,
                    {"name", "type", "smtp_url", "username", "password", "from", "to", "tls",
                     "unsubscribe", "max_attempts", "timeout", "backoff", "rate_limit", "template"},
                    what, misplaced_for(ChannelType::Email));
  if (auto smtp = reader.string_field(entry, at, "smtp_url", Need::Required, what)) {
    auto url = Url::parse(*smtp);
    if (!url || (url->scheme != "smtp" && url->scheme != "smtps"))
      reader.error_at_value(pointer_append(at, "smtp_url"),
                            "'smtp_url' must be an smtp:// or smtps:// URL, not \"" + *smtp + "\"");
    else
      channel.smtp_url = *smtp;
  }
  if (auto user = reader.string_field(entry, at, "username", Need::Optional, what))
    channel.username = *user;
  if (auto password = reader.string_field(entry, at, "password", Need::Optional, what))
    channel.password = *password;
  if (auto from = reader.string_field(entry, at, "from", Need::Required, what)) {
    if (from->find('@') == std::string::npos)
      reader.error_at_value(pointer_append(at, "from"),
                            "'from' must be an email address, not \"" + *from + "\"");
    channel.from = *from;
  }
  if (auto to = reader.string_list_field(entry, at, "to", Need::Required, what)) {
    for (std::size_t i = 0; i < to->size(); ++i)
      if ((*to)[i].find('@') == std::string::npos)
        reader.error_at_value(pointer_append(pointer_append(at, "to"), i),
                              "'" + (*to)[i] + "' is not an email address");
    channel.to = *to;
  }
  if (auto tls = reader.string_field(entry, at, "tls", Need::Optional, what)) {
    if (*tls != "try" && *tls != "starttls" && *tls != "none")
      reader.error_at_value(
          pointer_append(at, "tls"),
          "'tls' must be \"try\", \"starttls\" or \"none\", not \"" + *tls + "\"");
    else
      channel.tls = *tls;
  }
  check_email_transport(reader, entry, at, channel);
  if (auto unsubscribe = reader.string_field(entry, at, "unsubscribe", Need::Optional, what)) {
    if (!(unsubscribe->starts_with("mailto:") || unsubscribe->starts_with("https://") ||
          unsubscribe->starts_with("http://")) ||
        !valid_header_value(*unsubscribe) || unsubscribe->find_first_of("<> ") != std::string::npos)
      reader.error_at_value(pointer_append(at, "unsubscribe"),
                            "'unsubscribe' must be a mailto: or http(s): URL");
    else
      channel.unsubscribe = *unsubscribe;
  }
  read_delivery_policy(reader, entry, at, what, channel);
}

}  // namespace

std::vector<ChannelSpec> read_channels(Reader& reader, const nlohmann::json& root) {
  std::vector<ChannelSpec> channels;
  const nlohmann::json* array = section_array(reader, root, "channels");
  if (!array) return channels;
  UniqueNames names("channel");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const nlohmann::json& entry = (*array)[i];
    const std::string at = pointer_append("/channels", i);
    if (!reader.expect_object(entry, at, "a channel")) continue;
    ChannelSpec channel;
    auto name = reader.string_field(entry, at, "name", Need::Required, "channel");
    if (name) names.add(reader, *name, pointer_append(at, "name"));
    auto type = reader.string_field(entry, at, "type", Need::Required, "channel");
    if (const WebhookShape* shape = type ? webhook_shape(*type) : nullptr) {
      channel.type = ChannelType::Webhook;
      read_webhook(reader, entry, at, *shape, channel);
    } else if (type == "email") {
      channel.type = ChannelType::Email;
      read_email(reader, entry, at, channel);
    } else if (type == "console") {
      channel.type = ChannelType::Console;
      reader.check_keys(entry, at, {"name", "type"}, "console channel",
                        misplaced_for(ChannelType::Console));
    } else if (type) {
      reader.error_at_value(
          pointer_append(at, "type"),
          "unknown channel type '" + *type +
              "': use \"webhook\", \"email\", \"console\" or a preset (\"slack\", "
              "\"discord\", \"telegram\", \"dingtalk\", \"wecom\", \"feishu\", \"ntfy\", "
              "\"gotify\", \"bark\", \"serverchan\")");
    }
    if (!name) continue;
    channel.name = *name;
    channels.push_back(std::move(channel));
  }
  return channels;
}

}  // namespace headlined::config
