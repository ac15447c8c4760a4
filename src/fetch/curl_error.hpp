#pragma once
// Turning a failed libcurl transfer into the reason a user can act on ("connection refused",
// "timed out after 2000 ms"). Private to fetch.

#include <curl/curl.h>

#include <string>

#include "headlined/fetch/fetcher.hpp"

namespace headlined::fetch::detail {

// error_buffer is the CURLOPT_ERRORBUFFER text; body_too_large is set by the write callback.
std::string describe_failure(CURL* handle, CURLcode code, const char* error_buffer,
                             const FetchOptions& options, bool body_too_large);

}  // namespace headlined::fetch::detail
