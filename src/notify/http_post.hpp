#pragma once
// One HTTP POST through libcurl, redirects not followed. What the answer means is read by
// answers.hpp; only network trouble (no answer at all) is a failure here.

#include <chrono>
#include <string>
#include <vector>

#include "headlined/notify/channel.hpp"

namespace headlined::notify {

struct HttpRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
};

struct HttpResponse {
  long status = 0;
  std::string body;                                 // the first 64 KiB
  std::optional<std::chrono::seconds> retry_after;  // the Retry-After header, if any
};

// The response, whatever its status, or why none came (network, TLS, timeout: retried;
// a malformed URL: permanent).
std::expected<HttpResponse, SendFailure> http_post(const HttpRequest& request,
                                                   std::chrono::seconds timeout);

// Percent-encoding for a query parameter or form value.
std::string url_encode(std::string_view text);

}  // namespace headlined::notify
