#pragma once
// The webhook URL each preset's service hands out carries its credential (DingTalk's
// access_token, WeCom's key, the token at the end of a Feishu, Slack or Discord URL). A URL
// without it can never deliver: check-config says so rather than the first alert.

#include <optional>
#include <string>
#include <string_view>

namespace headlined::config {

// What is missing from `url` for `preset` ("dingtalk", "wecom", "feishu", "slack",
// "discord"), as a message naming the part and the URL's expected shape; nothing when the
// URL has it, or the preset's URL carries no credential.
std::optional<std::string> missing_url_credential(std::string_view preset, const std::string& url);

}  // namespace headlined::config
