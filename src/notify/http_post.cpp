#include "http_post.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

#include "curl_handles.hpp"
#include "curl_init.hpp"

namespace headlined::notify {

namespace {

constexpr std::size_t kMaxResponse = 64 * 1024;

struct Exchange {
  std::string retry_after;  // the raw header value, if any
  std::string body;
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

// Keeps the start of the body (services report errors there); a huge body is not stored.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  std::size_t n = size * count;
  if (exchange->body.size() < kMaxResponse)
    exchange->body.append(data, std::min(n, kMaxResponse - exchange->body.size()));
  return n;
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

}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::expected<HttpResponse, SendFailure> http_post(const HttpRequest& request,
                                                   std::chrono::seconds timeout) {
  ensure_curl_initialized();
  EasyHandle curl(curl_easy_init());
  if (!curl) return std::unexpected(SendFailure{"cannot create a curl handle", {}, false, false});

  Slist headers;
  bool ok = slist_append(headers, ("Content-Type: " + request.content_type).c_str()) &&
            slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const std::string& header : request.headers) {
    ok = ok && slist_append(headers, header.c_str());
  }
  if (!ok) return std::unexpected(SendFailure{"out of memory building headers", {}, false, false});

  Exchange exchange;
  char errbuf[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "headlined/0.1");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count() * 1000));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    std::string reason = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    // A malformed URL will not fix itself (the channel waits for a new one); network
    // trouble might.
    bool permanent = rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
    return std::unexpected(SendFailure{reason, std::nullopt, permanent, permanent});
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return HttpResponse{status, std::move(exchange.body), parse_retry_after(exchange.retry_after)};
}

}  // namespace headlined::notify
