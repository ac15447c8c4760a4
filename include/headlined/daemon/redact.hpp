#pragma once
// Secrets never reach the logs: every log line passes through redact() before it is written.

#include <string>
#include <string_view>
#include <vector>

#include "headlined/config/config.hpp"

namespace headlined::daemon {

// Replaces with "***": each known secret (config passwords, header values, secrets, tokens
// in URLs); and in any URL, a user-info password and the values of query parameters that
// carry credentials (token, key, secret, password, sign, access_token, …), and Telegram's
// /bot<token>/ path segment.
std::string redact(std::string_view text, const std::vector<std::string>& known_secrets);

// The secrets a config holds, for redact().
std::vector<std::string> secrets_of(const config::Config& config);

}  // namespace headlined::daemon
