#include "schema.hpp"
#include "schema_delivery.hpp"

namespace headlined::config {

namespace {

// A query of nothing but white space (ASCII or the full-width U+3000) is empty.
bool blank(std::string_view s) {
  while (!s.empty()) {
    if (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r') {
      s.remove_prefix(1);
    } else if (s.starts_with("\xE3\x80\x80")) {
      s.remove_prefix(3);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<SubscriptionEntry> read_subscriptions(Reader& reader, const nlohmann::json& root,
                                                  const std::set<std::string>& channel_names,
                                                  const std::set<std::string>& source_names) {
  std::vector<SubscriptionEntry> subscriptions;
  const nlohmann::json* array = section_array(reader, root, "subscriptions");
  if (!array) return subscriptions;
  UniqueNames names("subscription");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const nlohmann::json& entry = (*array)[i];
    const std::string at = pointer_append("/subscriptions", i);
    if (!reader.expect_object(entry, at, "a subscription")) continue;
    const std::string what = "subscription";
    reader.check_keys(entry, at,
                      {"name", "query", "channels", "sources", "feed_token", "alerts",
                       HEADLINED_SUBSCRIPTION_DELIVERY_KEYS},
                      what);
    SubscriptionEntry sub;
    auto name = reader.string_field(entry, at, "name", Need::Required, what);
    if (name) names.add(reader, *name, pointer_append(at, "name"));
    if (auto query = reader.string_field(entry, at, "query", Need::Required, what)) {
      const std::string query_at = pointer_append(at, "query");
      if (blank(*query)) reader.error_at_value(query_at, "'query' must not be empty");
      sub.subscription.query = *query;
      sub.query_pos = reader.value_pos(query_at);
      ++sub.query_pos.column;  // past the opening quote
      std::string_view raw = reader.raw_text(query_at);
      if (raw.size() >= 2) sub.query_raw = std::string(raw.substr(1, raw.size() - 2));
    }
    if (auto channels = reader.string_list_field(entry, at, "channels", Need::Required, what)) {
      const std::string channels_at = pointer_append(at, "channels");
      for (std::size_t k = 0; k < channels->size(); ++k) {
        const std::string& channel = (*channels)[k];
        if (!channel_names.contains(channel))
          reader.error_at_value(pointer_append(channels_at, k),
                                "unknown channel '" + channel + "': no channel has that name");
      }
      sub.subscription.channels = *channels;
    }
    // Optional: the sources whose articles it covers (by default every source).
    if (auto sources = reader.string_list_field(entry, at, "sources", Need::Optional, what)) {
      const std::string sources_at = pointer_append(at, "sources");
      for (std::size_t k = 0; k < sources->size(); ++k)
        if (!source_names.contains((*sources)[k]))
          reader.error_at_value(pointer_append(sources_at, k),
                                "unknown source '" + (*sources)[k] + "': no source has that name");
      sub.subscription.sources = *sources;
    }
    // The web front's Atom feed of this subscription needs this secret in its URL; like
    // other secrets it may come from {"env": …} or {"file": …}.
    if (auto token = reader.string_field(entry, at, "feed_token", Need::Optional, what)) {
      if (token->size() < 16)
        reader.error_at_value(pointer_append(at, "feed_token"),
                              "'feed_token' must be at least 16 characters (it is the feed's "
                              "only protection)");
      else
        sub.subscription.feed_token = *token;
    }
    // One alert per story (the default) or per article: docs/stories.md.
    if (auto alerts = reader.string_field(entry, at, "alerts", Need::Optional, what)) {
      if (*alerts == "story")
        sub.subscription.alerts = AlertScope::Story;
      else if (*alerts == "article")
        sub.subscription.alerts = AlertScope::Article;
      else
        reader.error_at_value(pointer_append(at, "alerts"),
                              "'alerts' must be \"story\" or \"article\", not \"" + *alerts + "\"");
    }
    read_subscription_delivery(reader, entry, at, sub.subscription);
    if (!name) continue;
    sub.subscription.name = *name;
    subscriptions.push_back(std::move(sub));
  }
  return subscriptions;
}

}  // namespace headlined::config
