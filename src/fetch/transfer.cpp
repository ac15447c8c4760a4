#include "transfer.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "headlined/fetch/address_policy.hpp"

namespace headlined::fetch::detail {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

std::string url_part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || !value) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The URL libcurl is working on right now: the job's URL, or the redirect hop it followed to.
std::string current_url(const Transfer& t) {
  char* url = nullptr;
  if (curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url && *url)
    return url;
  return t.job.url;
}

// Records why the policy refused `address` (for the hop `hop`) as the transfer's error.
void refuse(Transfer& t, const std::string& hop, const ClassifiedAddress& address) {
  if (!t.blocked.empty()) return;  // the first refusal (of several addresses) is reported
  const AddressPolicy& policy = t.job.options.address_policy;
  std::string why = policy.what + " " + t.job.url;
  long redirects = 0;
  curl_easy_getinfo(t.easy, CURLINFO_REDIRECT_COUNT, &redirects);
  if (redirects > 0) why += " (redirected to " + hop + ")";
  why += " resolves to " + address.text + ", " + std::string(describe(address.rule));
  if (!policy.hint.empty()) why += "; " + policy.hint;
  t.blocked = std::move(why);
}

// Whether the hop libcurl is on lies on the trusted origin; its URL is returned in `hop`.
bool trusted_hop(const Transfer& t, std::string& hop) {
  hop = current_url(t);
  return !t.trusted_origin.empty() && curl_origin(hop.c_str()) == t.trusted_origin;
}

// CURLOPT_OPENSOCKETFUNCTION: called with the resolved address of every new connection
// (each address tried for a name, each redirect hop), before anything is sent. A refused
// address gets no socket, so not even a SYN reaches it. Through a proxy the connection is
// to the proxy (configured by the admin); the target is checked in before_request().
curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && t->job.options.proxy.empty()) {
    std::string hop;
    if (!trusted_hop(*t, hop)) {
      const ClassifiedAddress c = classify_sockaddr(&address->addr, address->addrlen);
      if (c.rule != AddressRule::Public) {
        refuse(*t, hop, c);
        return CURL_SOCKET_BAD;
      }
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// CURLOPT_PREREQFUNCTION: called before every request, on a new connection or a reused one
// (keep-alive, an HTTP/2 stream), with the address that connection reaches. libcurl reuses
// a pooled connection for any transfer to the same host name and port, so a connection
// opened by a trusted fetch (a source configured on an intranet host) could otherwise carry
// a policed one there without open_socket() being asked. Checking here keeps connection
// reuse for the common case (many articles of one public site) where CURLOPT_FORBID_REUSE /
// CURLOPT_FRESH_CONNECT would not (and FRESH_CONNECT is ignored on redirect hops anyway).
// Through a proxy the address is the proxy's; a target written as an IP address is checked
// instead (a name is resolved by the proxy, out of our sight).
int before_request(void* user, char* primary_ip, char*, int, int) {
  auto* t = static_cast<Transfer*>(user);
  std::string hop;
  if (trusted_hop(*t, hop)) return CURL_PREREQFUNC_OK;
  std::optional<ClassifiedAddress> c;
  if (t->job.options.proxy.empty()) {
    c = classify_ip_text(primary_ip ? primary_ip : "");
    if (!c) c = ClassifiedAddress{AddressRule::NotIp, primary_ip ? primary_ip : ""};
  } else {
    UrlHandle u(curl_url());
    if (u && curl_url_set(u.get(), CURLUPART_URL, hop.c_str(), 0) == CURLUE_OK)
      c = classify_ip_text(url_part(u.get(), CURLUPART_HOST));
  }
  if (c && c->rule != AddressRule::Public) {
    refuse(*t, hop, *c);
    return CURL_PREREQFUNC_ABORT;
  }
  // Another address of the name was refused, but this one is fine and the request goes on:
  // a later failure is that request's own, not the policy's.
  t->blocked.clear();
  return CURL_PREREQFUNC_OK;
}

// libcurl hands over decompressed bytes, so the limit bounds memory, not wire size: a small
// gzip bomb is stopped as surely as a large page. The content type is checked on the first
// bytes, so an unwanted download (a video, an archive) is not read at all.
std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const std::size_t n = size * count;
  if (sink->check_type && !sink->type_checked) {
    sink->type_checked = true;
    long status = 0;
    char* type = nullptr;
    curl_easy_getinfo(sink->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(sink->easy, CURLINFO_CONTENT_TYPE, &type);
    if (status >= 200 && status <= 299 && type && !is_wanted_content_type(type)) {
      sink->refused_type = type;
      return CURL_WRITEFUNC_ERROR;
    }
  }
  if (n > sink->limit - sink->bytes.size()) {
    sink->too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  sink->bytes.append(data, n);
  return n;
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

std::string info_string(CURL* h, CURLINFO info) {
  char* value = nullptr;
  if (curl_easy_getinfo(h, info, &value) != CURLE_OK || !value) return {};
  return value;
}

}  // namespace

std::string curl_origin(const char* url) {
  UrlHandle u(curl_url());
  if (!u || !url || curl_url_set(u.get(), CURLUPART_URL, url, 0) != CURLUE_OK) return {};
  const std::string scheme = url_part(u.get(), CURLUPART_SCHEME);
  const std::string host = url_part(u.get(), CURLUPART_HOST);
  const std::string port = url_part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (scheme.empty() || host.empty()) return {};
  return lower(scheme) + "://" + lower(host) + ":" + port;
}

bool is_wanted_content_type(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && type.back() == ' ') type.pop_back();
  while (!type.empty() && type.front() == ' ') type.erase(type.begin());
  if (type.empty()) return true;
  return type == "text/html" || type == "application/xhtml+xml" || type.ends_with("/xml") ||
         type.ends_with("+xml") || type.ends_with("/json") || type.ends_with("+json");
}

std::string response_header(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return {};
  return header->value ? header->value : "";
}

std::vector<std::string> response_headers(CURL* easy, const char* name) {
  std::vector<std::string> values;
  for (std::size_t i = 0;; ++i) {
    curl_header* header = nullptr;
    if (curl_easy_header(easy, name, i, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) break;
    if (header->value) values.emplace_back(header->value);
    if (i + 1 >= header->amount) break;
  }
  return values;
}

bool configure(Transfer& t) {
  CURL* h = t.easy;
  const FetchOptions& options = t.job.options;
  bool headers_ok = append_header(
      t.headers, t.robots ? "Accept: text/plain,*/*;q=0.5"
                          : "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,"
                            "application/json;q=0.8,*/*;q=0.5");
  if (!t.robots && !options.if_none_match.empty())
    headers_ok =
        headers_ok && append_header(t.headers, header_line("If-None-Match", options.if_none_match));
  if (!t.robots && !options.if_modified_since.empty())
    headers_ok = headers_ok && append_header(t.headers, header_line("If-Modified-Since",
                                                                    options.if_modified_since));
  if (!headers_ok) return false;

  t.sink.easy = h;
  t.sink.limit =
      t.robots ? std::min<std::size_t>(options.max_body_bytes, 512 * 1024) : options.max_body_bytes;
  t.sink.check_type = options.only_text_types && !t.robots;

  curl_easy_setopt(h, CURLOPT_URL, t.job.url.c_str());
  curl_easy_setopt(h, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.error);
  // Signals cannot be used for DNS timeouts in a multi-threaded daemon.
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // Only the web: no file://, no gopher, also not through a redirect.
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, options.max_redirects);
  curl_easy_setopt(h, CURLOPT_AUTOREFERER, 1L);
  // HTTP/2 where the server offers it over TLS; requests to one host then share a connection
  // (waiting for it rather than opening more), otherwise keep-alive connections are reused.
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  if (options.low_speed_bytes_per_second > 0 && options.low_speed_time.count() > 0) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count()));
  }
  // An explicit "" disables the proxy environment variables: the config decides.
  curl_easy_setopt(h, CURLOPT_PROXY, options.proxy.c_str());
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, t.headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t.sink);
  if (!options.verify_tls) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (options.address_policy.enforce) {
    t.trusted_origin = options.address_policy.trusted_url.empty()
                           ? std::string()
                           : curl_origin(options.address_policy.trusted_url.c_str());
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, before_request);
    curl_easy_setopt(h, CURLOPT_PREREQDATA, &t);
  }
  return true;
}

Response collect_response(Transfer& t) {
  CURL* h = t.easy;
  Response response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  response.url = info_string(h, CURLINFO_EFFECTIVE_URL);
  response.content_type = info_string(h, CURLINFO_CONTENT_TYPE);
  response.etag = response_header(h, "ETag");
  response.last_modified = response_header(h, "Last-Modified");
  response.links = response_headers(h, "Link");
  response.cache_control = response_header(h, "Cache-Control");
  response.expires = response_header(h, "Expires");
  response.not_modified = response.status == 304;
  response.attempts = t.job.attempt + 1;
  response.raw_body = std::move(t.sink.bytes);
  return response;
}

}  // namespace headlined::fetch::detail
