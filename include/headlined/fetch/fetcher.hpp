#pragma once
// HTTP GET over libcurl with the limits a crawler needs, and the body decoded to UTF-8.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

#include "headlined/core/error.hpp"

namespace headlined::fetch {

struct FetchOptions {
  std::string user_agent = "headlined/0.1";
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};
  std::size_t max_body_bytes = 8 * 1024 * 1024;  // counted after decompression
  long max_redirects = 5;
  // Conditional GET: sent when not empty; a 304 comes back as not_modified.
  std::string if_none_match;
  std::string if_modified_since;
  // When set and true, a transfer in progress is abandoned ("cancelled"): the daemon's stop
  // must not wait for a slow server.
  const std::atomic<bool>* cancel = nullptr;
  // A transfer slower than low_speed_bytes_per_second for low_speed_time is abandoned, so a
  // stalled server cannot hold a worker until total_timeout. 0 bytes/s disables the check.
  long low_speed_bytes_per_second = 100;
  std::chrono::seconds low_speed_time{15};
};

struct Response {
  long status = 0;
  std::string url;           // the effective URL after redirects
  std::string content_type;  // as the server sent it
  std::string raw_body;      // bytes as received (decompressed)
  std::string body;          // UTF-8
  std::string charset;       // what raw_body was decoded from
  std::string etag;
  std::string last_modified;
  bool not_modified = false;
};

class Fetcher {
 public:
  explicit Fetcher(FetchOptions defaults = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // A non-2xx status other than 304 is an error naming the status and the URL; so are
  // timeouts, oversize bodies, too many redirects and non-http(s) URLs.
  Result<Response> get(const std::string& url) const;
  Result<Response> get(const std::string& url, const FetchOptions& options) const;

  const FetchOptions& defaults() const { return defaults_; }

 private:
  FetchOptions defaults_;
};

}  // namespace headlined::fetch
