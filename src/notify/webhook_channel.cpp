// Webhook delivery: the generic JSON payload (Standard Webhooks headers, signed when a
// secret is set) or a preset's service-shaped request; one POST per message.
#include <chrono>

#include "headlined/notify/channels.hpp"
#include "headlined/notify/signing.hpp"
#include "http_post.hpp"
#include "presets.hpp"

namespace headlined::notify {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

WebhookChannel::WebhookChannel(ChannelSpec spec) : spec_(std::move(spec)) {}

SendResult WebhookChannel::send(const Message& message) {
  const std::int64_t now = now_ms();
  HttpRequest request;
  if (spec_.preset.empty()) {
    request.url = spec_.url;
    request.body = webhook_payload(message);
    const std::string timestamp = std::to_string(now / 1000);
    request.headers = {"Idempotency-Key: " + message.idempotency_key,
                       "webhook-id: " + message.idempotency_key, "webhook-timestamp: " + timestamp};
    if (!spec_.secret.empty()) {
      auto signature = standard_webhooks_signature(spec_.secret, message.idempotency_key,
                                                   now / 1000, request.body);
      if (!signature) {
        return std::unexpected(
            SendFailure{"the signing secret is not whsec_ followed by base64", {}, true});
      }
      request.headers.push_back("webhook-signature: " + *signature);
    }
  } else {
    request = preset_request(spec_, message, now);
  }
  for (const auto& [name, value] : spec_.headers) request.headers.push_back(name + ": " + value);

  auto response = http_post(request, spec_.timeout);
  if (!response) return std::unexpected(response.error());
  return preset_verdict(spec_.preset, *response);
}

}  // namespace headlined::notify
