#pragma once
// Request signatures the channels send, kept apart so they can be checked against the
// services' published examples.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace headlined::notify {

// HMAC-SHA256 (OpenSSL) as raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view message);

// Standard Webhooks: "v1," + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")), where the
// key is the base64 after "whsec_" in `secret` (a secret without the prefix is taken as
// base64 all the same). Nothing when the secret is not valid base64.
std::optional<std::string> standard_webhooks_signature(std::string_view secret, std::string_view id,
                                                       std::int64_t timestamp,
                                                       std::string_view body);

// DingTalk robot: base64(HMAC-SHA256(secret, "<timestamp_ms>\n<secret>")), before URL-encoding.
std::string dingtalk_signature(std::string_view secret, std::int64_t timestamp_ms);

// Feishu/Lark bot: base64(HMAC-SHA256(key = "<timestamp>\n<secret>", message = "")).
std::string feishu_signature(std::string_view secret, std::int64_t timestamp);

}  // namespace headlined::notify
