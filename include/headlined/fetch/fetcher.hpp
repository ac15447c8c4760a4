#pragma once
// HTTP GET with the limits a crawler needs, and the body decoded to UTF-8. Every transfer of
// a Fetcher runs on one libcurl multi handle driven by one I/O thread, which also keeps the
// crawl polite: a global and a per-host concurrency limit, a minimum delay between requests
// to the same host, robots.txt, and retries of transient failures with backoff.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "headlined/core/error.hpp"

namespace headlined::fetch {

// Where a fetch may connect. Off for URLs the admin configured (they are trusted); on for
// URLs found in fetched content, which then may not reach loopback, private, link-local,
// CGNAT, unique-local, multicast or other special-purpose addresses (address_policy.hpp).
// Checked on the socket address of every connection libcurl opens (every DNS answer, every
// redirect hop) and again before every request, so a pooled connection opened for a trusted
// fetch cannot carry a policed one to the same host.
struct AddressPolicy {
  bool enforce = false;
  // A hop whose origin (scheme, host, port, as libcurl parses them) is this URL's is not
  // policed: the admin named that origin. Empty = none.
  std::string trusted_url;
  // How the URL came to be fetched, opening the error: "discovered URL".
  std::string what = "URL";
  // Appended to the error: how to allow it ("set ... on source 'x' to allow it").
  std::string hint;
};

struct FetchOptions {
  std::string user_agent = "headlined/0.1";
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};
  std::size_t max_body_bytes = 8 * 1024 * 1024;  // counted after decompression
  long max_redirects = 5;
  // Conditional GET: sent when not empty; a 304 comes back as not_modified.
  std::string if_none_match;
  std::string if_modified_since;
  // When set and true, a transfer in progress or waiting for its turn is abandoned
  // ("cancelled"): the daemon's stop must not wait for a slow server.
  const std::atomic<bool>* cancel = nullptr;
  // A transfer slower than low_speed_bytes_per_second for low_speed_time is abandoned, so a
  // stalled server cannot hold a connection until total_timeout. 0 bytes/s disables it.
  long low_speed_bytes_per_second = 100;
  std::chrono::seconds low_speed_time{15};
  // "http://host:port", "https://...", "socks5://..." or "socks5h://..." (names resolved by
  // the proxy); empty = a direct connection (proxy environment variables are not used).
  std::string proxy;
  // Timeouts, connection failures, 5xx and 429 are tried again up to max_retries times,
  // after retry_base * 2^attempt with jitter, or after the server's Retry-After when it asks
  // for no more than max_retry_wait (a longer wait fails the fetch; the source backs off).
  int max_retries = 2;
  std::chrono::milliseconds retry_base{500};
  std::chrono::milliseconds max_retry_wait{30000};
  // Only HTML, XML (RSS/Atom/sitemaps) and JSON are fetched; anything else is cut off at its
  // first byte with an error naming the type. A response without a type is accepted.
  bool only_text_types = true;
  // TLS certificate and host name verification; false only by the admin's explicit choice.
  bool verify_tls = true;
  AddressPolicy address_policy;
};

// How a Fetcher shares the network; fixed for its lifetime.
struct CrawlPolicy {
  int max_connections = 16;  // transfers in flight at once, over all hosts
  int max_per_host = 2;      // transfers in flight at once to one host (scheme://host:port)
  // Minimum time between the starts of two requests to the same host; a robots.txt
  // Crawl-delay for our user agent raises it (up to max_crawl_delay).
  std::chrono::milliseconds host_delay{250};
  std::chrono::milliseconds max_crawl_delay{60000};
  bool robots = true;  // fetch /robots.txt per host and honour it
  std::chrono::seconds robots_ttl{3600};
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
  // What the scheduler and the WebSub subscriber read: each `Link` header's value (a hub
  // may be announced there rather than in the feed), Cache-Control and Expires as sent.
  std::vector<std::string> links;
  std::string cache_control;
  std::string expires;
  bool not_modified = false;
  int attempts = 1;  // 1 + the retries it took
};

class FetchEngine;

class Fetcher {
 public:
  explicit Fetcher(FetchOptions defaults = {}, CrawlPolicy policy = {});
  ~Fetcher();  // fetches still waiting or running fail with "fetcher stopped"
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Blocking. A non-2xx status other than 304 is an error naming the status and the URL; so
  // are timeouts, oversize bodies, too many redirects, non-http(s) URLs, a path robots.txt
  // disallows and a content type that is not fetched.
  Result<Response> get(const std::string& url) const;
  Result<Response> get(const std::string& url, const FetchOptions& options) const;

  // Non-blocking: `done` runs on the I/O thread when the fetch has ended (after retries),
  // with the body NOT yet decoded (call decode_body on your own thread). It must be quick.
  using Done = std::function<void(Result<Response>)>;
  void submit(const std::string& url, const FetchOptions& options, Done done) const;

  const FetchOptions& defaults() const { return defaults_; }
  const CrawlPolicy& policy() const { return policy_; }

 private:
  FetchOptions defaults_;
  CrawlPolicy policy_;
  std::unique_ptr<FetchEngine> engine_;
};

// Fills response.body and response.charset from raw_body (HTTP header, BOM, <meta charset>,
// XML prolog, else a guess).
void decode_body(Response& response);

// Several fetches in flight at once, their results collected on the thread that started
// them (which decodes each body). Dropping the batch early leaves nothing dangling.
class FetchBatch {
 public:
  struct Completed {
    std::size_t tag = 0;  // as given to add()
    Result<Response> response;
    double seconds = 0;  // from add() to the end of the fetch, waiting for a turn included
  };

  explicit FetchBatch(const Fetcher& fetcher);
  ~FetchBatch();
  FetchBatch(const FetchBatch&) = delete;
  FetchBatch& operator=(const FetchBatch&) = delete;

  void add(const std::string& url, const FetchOptions& options, std::size_t tag);
  std::size_t outstanding() const { return outstanding_; }
  // Blocks until one fetch ends and returns it decoded; nothing when none is outstanding.
  std::optional<Completed> next();

 private:
  struct State;
  const Fetcher& fetcher_;
  std::shared_ptr<State> state_;
  std::size_t outstanding_ = 0;
};

}  // namespace headlined::fetch
