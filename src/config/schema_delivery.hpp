#pragma once
// Delivery settings shared by channels and subscriptions: message templates, and a
// subscription's delivery mode (instant or digest), language and digest schedule.

#include "reader.hpp"

namespace headlined::config {

// "template": {"subject": "...", "body": "..."}; placeholders must be known ones.
void read_message_template(Reader& reader, const nlohmann::json& entry, const std::string& at,
                           std::string_view what, MessageTemplate& out);

// "delivery", "digest_every", "digest_at", "time_zone", "language", "template".
void read_subscription_delivery(Reader& reader, const nlohmann::json& entry, const std::string& at,
                                Subscription& out);

// The keys read_subscription_delivery() reads, for check_keys.
#define HEADLINED_SUBSCRIPTION_DELIVERY_KEYS \
  "delivery", "digest_every", "digest_at", "time_zone", "language", "template"

}  // namespace headlined::config
