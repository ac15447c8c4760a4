#pragma once
// Webhook presets: the request each service documents for a bot message (what its answer
// means is read by answers.hpp).

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

}  // namespace headlined::notify
