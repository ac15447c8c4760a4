#include "headlined/fetch/fetcher.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

#include "curl_error.hpp"
#include "headlined/text/charset.hpp"

namespace headlined::fetch {

namespace {

// curl_global_init is not thread-safe and must run before any handle exists; fetchers are
// created on several threads, so it runs exactly once here and is never undone.
CURLcode global_init() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result;
}

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

struct BodySink {
  std::string bytes;
  std::size_t limit = 0;
  bool too_large = false;
};

// libcurl hands over decompressed bytes, so the limit bounds memory, not wire size: a small
// gzip bomb is stopped as surely as a large page.
std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const std::size_t n = size * count;
  if (n > sink->limit - sink->bytes.size()) {
    sink->too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  sink->bytes.append(data, n);
  return n;
}

// Called by libcurl about once a second and on every chunk: a set cancel flag aborts.
int check_cancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel->load() ? 1 : 0;
}

// Header values come from config and stored state; a CR or LF would smuggle in more headers.
std::string header_line(std::string_view name, std::string_view value) {
  std::string line(name);
  line += ": ";
  for (char c : value) {
    if (c != '\r' && c != '\n') line.push_back(c);
  }
  return line;
}

bool append_header(HeaderList& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) return false;
  list.release();
  list.reset(grown);
  return true;
}

// The named header of the final response (after redirects), "" when absent.
std::string response_header(CURL* h, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return {};
  return header->value ? header->value : "";
}

std::string info_string(CURL* h, CURLINFO info) {
  char* value = nullptr;
  if (curl_easy_getinfo(h, info, &value) != CURLE_OK || !value) return {};
  return value;
}

}  // namespace

Fetcher::Fetcher(FetchOptions defaults) : defaults_(std::move(defaults)) {
  global_init();
}

Fetcher::~Fetcher() = default;

Result<Response> Fetcher::get(const std::string& url) const {
  return get(url, defaults_);
}

Result<Response> Fetcher::get(const std::string& url, const FetchOptions& options) const {
  if (const CURLcode init = global_init(); init != CURLE_OK) {
    return fail(std::string("libcurl init failed: ") + curl_easy_strerror(init), url);
  }
  EasyHandle easy(curl_easy_init());
  if (!easy) return fail("libcurl could not create a handle", url);
  CURL* h = easy.get();

  HeaderList headers;
  bool headers_ok = append_header(
      headers, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  if (!options.if_none_match.empty()) {
    headers_ok =
        headers_ok && append_header(headers, header_line("If-None-Match", options.if_none_match));
  }
  if (!options.if_modified_since.empty()) {
    headers_ok = headers_ok && append_header(headers, header_line("If-Modified-Since",
                                                                  options.if_modified_since));
  }
  if (!headers_ok) return fail("out of memory building request headers", url);

  BodySink sink;
  sink.limit = options.max_body_bytes;
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  // Signals cannot be used for DNS timeouts in a multi-threaded daemon.
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // Only the web: no file://, no gopher, also not through a redirect.
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, options.max_redirects);
  curl_easy_setopt(h, CURLOPT_AUTOREFERER, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  if (options.low_speed_bytes_per_second > 0 && options.low_speed_time.count() > 0) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count()));
  }
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  if (options.cancel) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, check_cancel);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, options.cancel);
  }

  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_ABORTED_BY_CALLBACK) return fail("cancelled (stopping)", url);
  if (code != CURLE_OK) {
    return fail(detail::describe_failure(h, code, error_buffer, options, sink.too_large), url);
  }

  Response response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  response.url = info_string(h, CURLINFO_EFFECTIVE_URL);
  response.content_type = info_string(h, CURLINFO_CONTENT_TYPE);
  response.etag = response_header(h, "ETag");
  response.last_modified = response_header(h, "Last-Modified");

  if (response.status == 304) {
    response.not_modified = true;
    return response;
  }
  if (response.status < 200 || response.status > 299) {
    std::string what = "HTTP " + std::to_string(response.status);
    if (!response.url.empty() && response.url != url) what += " at " + response.url;
    return fail(std::move(what), url);
  }

  response.raw_body = std::move(sink.bytes);
  text::Decoded decoded = text::decode_to_utf8(response.raw_body, response.content_type);
  response.body = std::move(decoded.utf8);
  response.charset = std::move(decoded.charset);
  return response;
}

}  // namespace headlined::fetch
