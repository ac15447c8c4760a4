// Webhook delivery: one JSON POST per message, classified into sent / retry / permanent.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <string>

#include "curl_handles.hpp"
#include "curl_init.hpp"
#include "headlined/notify/channels.hpp"

namespace headlined::notify {

namespace {

struct Exchange {
  std::string retry_after;  // the raw header value, if any
};

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string head(line.substr(0, kName.size()));
    std::ranges::transform(head, head.begin(), [](unsigned char c) { return std::tolower(c); });
    if (head == kName) exchange->retry_after = trim(line.substr(kName.size()));
  }
  return size * count;
}

// The response body is not needed; swallow it instead of letting curl print it.
std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

// Retry-After as delta-seconds or as an HTTP-date.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value) {
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size()) {
    return std::chrono::seconds(std::max(0LL, seconds));
  }
  std::time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::chrono::seconds(std::max<long long>(0, when - std::time(nullptr)));
}

SendResult classify(long status, const Exchange& exchange) {
  if (status >= 200 && status < 300) return {};
  std::string reason = "HTTP " + std::to_string(status);
  SendFailure failure{reason, std::nullopt, false};
  if (status == 408 || status == 429 || status >= 500) {
    failure.retry_after = parse_retry_after(exchange.retry_after);
  } else if (status >= 300 && status < 400) {
    failure.reason += " (redirects are not followed; point the webhook at the final URL)";
    failure.permanent = true;
  } else if (status >= 400) {
    failure.permanent = true;
  }
  return std::unexpected(failure);
}

}  // namespace

WebhookChannel::WebhookChannel(ChannelSpec spec) : spec_(std::move(spec)) {
  ensure_curl_initialized();
}

SendResult WebhookChannel::send(const Message& message) {
  EasyHandle curl(curl_easy_init());
  if (!curl) return std::unexpected(SendFailure{"cannot create a curl handle", {}, false});
  const std::string body = webhook_payload(message);

  Slist headers;
  bool ok = slist_append(headers, "Content-Type: application/json; charset=utf-8") &&
            slist_append(headers, ("Idempotency-Key: " + message.idempotency_key).c_str()) &&
            slist_append(headers, ("webhook-id: " + message.idempotency_key).c_str()) &&
            slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : spec_.headers) {
    ok = ok && slist_append(headers, (name + ": " + value).c_str());
  }
  if (!ok) return std::unexpected(SendFailure{"out of memory building headers", {}, false});

  Exchange exchange;
  char errbuf[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, spec_.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "headlined/0.1");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(spec_.timeout.count() * 1000));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    std::string reason = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    // A malformed URL will not fix itself; network trouble might.
    bool permanent = rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
    return std::unexpected(SendFailure{reason, std::nullopt, permanent});
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return classify(status, exchange);
}

}  // namespace headlined::notify
