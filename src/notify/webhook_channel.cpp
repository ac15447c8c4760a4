// Webhook delivery: the generic JSON payload (Standard Webhooks headers, signed when a
// secret is set) or a preset's service-shaped request; one POST per message.
#include <chrono>

#include "answers.hpp"
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

// The first line of a receiver's answer, at most 200 bytes (not cut inside a UTF-8 sequence):
// enough to show an error code and message in a log line.
std::string short_text(const std::string& body) {
  std::string line = body.substr(0, body.find_first_of("\r\n"));
  if (line.size() <= 200) return line;
  std::size_t end = 200;
  while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
  return line.substr(0, end) + "…";
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
            SendFailure{"the signing secret is not whsec_ followed by base64", {}, true, true});
      }
      request.headers.push_back("webhook-signature: " + *signature);
    }
  } else {
    request = preset_request(spec_, message, now);
  }
  for (const auto& [name, value] : spec_.headers) request.headers.push_back(name + ": " + value);

  auto response = http_post(request, spec_.timeout);
  if (!response) {
    last_answer_.clear();
    return std::unexpected(response.error());
  }
  const std::string status = "HTTP " + std::to_string(response->status);
  last_answer_ = response->body.empty() ? status : status + " " + response->body;
  const Answer answer =
      read_http_answer(spec_.preset, response->status, response->body, response->retry_after);
  // The failure names the status and, for a refusal, the start of what the receiver said.
  const std::string summary =
      response->body.empty() ? status : status + " " + short_text(response->body);
  return to_send_result(answer, summary);
}

}  // namespace headlined::notify
