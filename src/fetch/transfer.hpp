#pragma once
// One HTTP GET on a libcurl easy handle: its options, where its body goes, and what it
// turned into. Private to fetch; driven by the FetchEngine.

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>

#include "headlined/fetch/fetcher.hpp"

namespace headlined::fetch::detail {

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

struct BodySink {
  CURL* easy = nullptr;
  std::string bytes;
  std::size_t limit = 0;
  bool too_large = false;
  bool check_type = false;  // only HTML/XML/JSON wanted
  bool type_checked = false;
  std::string refused_type;  // set when the body was cut off for its content type
};

// A fetch as the engine sees it: what to get, for whom, and where the answer goes.
struct Job {
  std::string url;
  FetchOptions options;
  Fetcher::Done done;
  std::string host;  // "scheme://host:port", the unit of politeness; "" = not crawlable
  std::string path;  // path and query, for robots.txt
  int attempt = 0;   // retries so far
  std::chrono::steady_clock::time_point due{};
};

struct Transfer {
  CURL* easy = nullptr;
  Job job;
  bool robots = false;  // a robots.txt fetch on behalf of job.host
  BodySink sink;
  HeaderList headers;
  char error[CURL_ERROR_SIZE] = {};
  // The address policy's verdict: the origin it trusts ("" = none) and, once a connection
  // or request was refused, why (the transfer's error then, never retried).
  std::string trusted_origin;
  std::string blocked;
};

// "scheme://host:port" of `url` as libcurl parses it (default port filled in, IPv4 numbers
// in any spelling written as a dotted quad), "" when it cannot be parsed.
std::string curl_origin(const char* url);

// Sets every option of `transfer.easy` for its job. False when the request headers could not
// be built (out of memory).
bool configure(Transfer& transfer);

// Whether a Content-Type is one we fetch: HTML, XML (any +xml) or JSON (any +json).
bool is_wanted_content_type(std::string_view content_type);

// What an ended transfer (CURLE_OK) returned: status, effective URL, type, validators, and
// the raw body moved out of the sink. The body is not decoded here.
Response collect_response(Transfer& transfer);

// The named header of the final response (after redirects), "" when absent.
std::string response_header(CURL* easy, const char* name);
// Every value of a header that may come more than once (Link), in order.
std::vector<std::string> response_headers(CURL* easy, const char* name);

}  // namespace headlined::fetch::detail
