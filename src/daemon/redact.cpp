#include "headlined/daemon/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "headlined/core/url.hpp"

namespace headlined::daemon {

namespace {

constexpr std::string_view kMask = "***";

bool is_credential_parameter(std::string_view name) {
  static constexpr std::array<std::string_view, 14> names = {
      "token",  "access_token", "key",       "api_key", "apikey", "secret",        "password",
      "passwd", "sign",         "signature", "sendkey", "auth",   "client_secret", "sig"};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(names.begin(), names.end(), lower) != names.end();
}

bool url_char(char c) {
  return !std::isspace(static_cast<unsigned char>(c)) && c != '"' && c != '\'' && c != '<' &&
         c != '>';
}

// Masks what a single URL (scheme://…) can carry.
std::string redact_url(std::string_view url) {
  std::string out(url);
  // user:password@host
  const std::size_t authority = out.find("://") + 3;
  const std::size_t authority_end = out.find_first_of("/?#", authority);
  const std::size_t at =
      out.rfind('@', authority_end == std::string::npos ? out.size() : authority_end);
  if (at != std::string::npos && at > authority) {
    const std::size_t colon = out.find(':', authority);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, kMask);
  }
  // /bot123456:ABC-token/ (Telegram puts the token in the path)
  for (std::size_t p = out.find("/bot"); p != std::string::npos; p = out.find("/bot", p + 4)) {
    const std::size_t start = p + 4;
    const std::size_t end = out.find_first_of("/?#", start);
    const std::string_view segment =
        std::string_view(out).substr(start, (end == std::string::npos ? out.size() : end) - start);
    if (segment.find(':') != std::string_view::npos && segment.size() > 8)
      out.replace(start, segment.size(), kMask);
  }
  // ?token=…&key=…
  const std::size_t query = out.find('?');
  if (query == std::string::npos) return out;
  std::size_t pos = query + 1;
  while (pos < out.size()) {
    std::size_t end = out.find_first_of("&#", pos);
    if (end == std::string::npos) end = out.size();
    const std::size_t eq = out.find('=', pos);
    if (eq != std::string::npos && eq < end &&
        is_credential_parameter(std::string_view(out).substr(pos, eq - pos))) {
      out.replace(eq + 1, end - eq - 1, kMask);
      end = eq + 1 + kMask.size();
    }
    if (end < out.size() && out[end] == '#') break;
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::string redact(std::string_view text, const std::vector<std::string>& known_secrets) {
  std::string out;
  // URLs first, so that a known secret inside one is masked either way.
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t scheme = text.find("://", pos);
    if (scheme == std::string_view::npos) break;
    std::size_t start = scheme;
    while (start > pos && std::isalpha(static_cast<unsigned char>(text[start - 1]))) --start;
    std::size_t end = scheme + 3;
    while (end < text.size() && url_char(text[end])) ++end;
    out.append(text.substr(pos, start - pos));
    out += start == scheme ? std::string(text.substr(start, end - start))
                           : redact_url(text.substr(start, end - start));
    pos = end;
  }
  out.append(text.substr(pos));
  for (const std::string& secret : known_secrets) {
    // Very short values (a one-letter password) would mask ordinary words; config loading
    // rejects none of them, so they are skipped here rather than shredding every line.
    if (secret.size() < 4) continue;
    for (std::size_t p = out.find(secret); p != std::string::npos;
         p = out.find(secret, p + kMask.size()))
      out.replace(p, secret.size(), kMask);
  }
  return out;
}

std::vector<std::string> secrets_of(const config::Config& config) {
  std::vector<std::string> secrets;
  for (const ChannelSpec& channel : config.channels) {
    if (!channel.password.empty()) secrets.push_back(channel.password);
    for (const auto& [name, value] : channel.headers) secrets.push_back(value);
    // A webhook URL is itself a credential for chat services (Slack, WeCom, DingTalk…):
    // its path and query are masked wherever the URL appears.
    if (auto url = Url::parse(channel.url); url && (url->path.size() > 1 || url->has_query)) {
      std::string tail = url->path + (url->has_query ? "?" + url->query : "");
      if (tail.size() >= 8) secrets.push_back(tail);
    }
  }
  // The web front's feed URLs carry these (/feeds/NAME.atom?token=…).
  for (const config::SubscriptionEntry& entry : config.subscriptions)
    if (!entry.subscription.feed_token.empty()) secrets.push_back(entry.subscription.feed_token);
  return secrets;
}

}  // namespace headlined::daemon
