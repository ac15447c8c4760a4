#include <algorithm>

#include "headlined/core/url.hpp"
#include "schema.hpp"

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
      {"to", "applies only to email channels"}};
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
}

void read_webhook(Reader& reader, const nlohmann::json& entry, const std::string& at,
                  ChannelSpec& channel) {
  const std::string what = "webhook channel";
  reader.check_keys(entry, at, {"name", "type", "url", "headers", "max_attempts", "timeout"}, what,
                    misplaced_for(ChannelType::Webhook));
  if (auto url = reader.http_url_field(entry, at, "url", Need::Required, what)) channel.url = *url;
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
  read_delivery_policy(reader, entry, at, what, channel);
}

void read_email(Reader& reader, const nlohmann::json& entry, const std::string& at,
                ChannelSpec& channel) {
  const std::string what = "email channel";
  reader.check_keys(
      entry, at,
      {"name", "type", "smtp_url", "username", "password", "from", "to", "max_attempts", "timeout"},
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
    if (type == "webhook") {
      channel.type = ChannelType::Webhook;
      read_webhook(reader, entry, at, channel);
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
          "unknown channel type '" + *type + "': use \"webhook\", \"email\" or \"console\"");
    }
    if (!name) continue;
    channel.name = *name;
    channels.push_back(std::move(channel));
  }
  return channels;
}

}  // namespace headlined::config
