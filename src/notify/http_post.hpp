#pragma once
// One HTTP POST through libcurl, redirects not followed, classified into the dispatcher's
// terms: 2xx accepted; 408, 429, 5xx and network trouble retried (honouring Retry-After);
// 410 gone; other 3xx/4xx permanent.

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
  std::string body;  // the first 64 KiB
};

// The response of a 2xx, or why the attempt failed.
std::expected<HttpResponse, SendFailure> http_post(const HttpRequest& request,
                                                   std::chrono::seconds timeout);

// Percent-encoding for a query parameter or form value.
std::string url_encode(std::string_view text);

}  // namespace headlined::notify
