#pragma once
// Webhook presets: the request each service documents for a bot message, and how it says
// whether it took the message (some answer 200 with an error code in the body).

#include <cstdint>
#include <string>

#include "headlined/core/types.hpp"
#include "headlined/notify/channel.hpp"
#include "http_post.hpp"

namespace headlined::notify {

// The preset names a channel may use ("" is the generic webhook).
bool is_known_preset(const std::string& preset);

// The request for `message` through `spec` (a preset channel), signed where the service
// wants it; `now_ms` is the signing time.
HttpRequest preset_request(const ChannelSpec& spec, const Message& message, std::int64_t now_ms);

// Whether a 2xx response body says the service accepted the message.
SendResult preset_verdict(const std::string& preset, const HttpResponse& response);

}  // namespace headlined::notify
