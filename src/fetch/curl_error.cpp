#include "curl_error.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>

namespace headlined::fetch::detail {

namespace {

std::string ms(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + " ms";
}

bool connected(CURL* handle) {
  curl_off_t connect_us = 0;
  return curl_easy_getinfo(handle, CURLINFO_CONNECT_TIME_T, &connect_us) == CURLE_OK &&
         connect_us > 0;
}

std::string detail_of(CURLcode code, const char* error_buffer) {
  return (error_buffer && error_buffer[0]) ? std::string(error_buffer)
                                           : std::string(curl_easy_strerror(code));
}

// The proxy as an admin wrote it, without any user:password (errors end up in logs).
std::string proxy_label(std::string_view proxy) {
  const std::size_t scheme_end = proxy.find("://");
  const std::size_t host_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const std::size_t at = proxy.find('@', host_start);
  if (at == std::string_view::npos || at > proxy.find('/', host_start)) return std::string(proxy);
  return std::string(proxy.substr(0, host_start)) + std::string(proxy.substr(at + 1));
}

}  // namespace

std::string describe_failure(CURL* handle, CURLcode code, const char* error_buffer,
                             const FetchOptions& options, bool body_too_large) {
  if (body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return "body larger than " + std::to_string(options.max_body_bytes) + " bytes";
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: {
      // One libcurl code covers three limits; its message (and failing that, whether a
      // connection was made) tells them apart.
      const std::string_view message(error_buffer ? error_buffer : "");
      if (message.find("too slow") != std::string_view::npos) {
        return "too slow: under " + std::to_string(options.low_speed_bytes_per_second) +
               " bytes/s for " + std::to_string(options.low_speed_time.count()) + " s";
      }
      const bool in_connect =
          message.starts_with("Connection timed out") ||
          message.starts_with("Resolving timed out") ||
          (message.find("Operation timed out") == std::string_view::npos && !connected(handle));
      if (in_connect) {
        // Whichever limit is shorter ended the connect phase (0 means "no total limit").
        const bool total_first =
            options.total_timeout.count() > 0 && options.total_timeout < options.connect_timeout;
        return "connect timed out after " +
               ms(total_first ? options.total_timeout : options.connect_timeout);
      }
      return "timed out after " + ms(options.total_timeout);
    }
    case CURLE_TOO_MANY_REDIRECTS:
      return "too many redirects (more than " + std::to_string(options.max_redirects) + ")";
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "unsupported protocol (only http and https are fetched)";
    case CURLE_URL_MALFORMAT:
      return "malformed URL";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "could not resolve host";
    case CURLE_COULDNT_CONNECT: {
      // Through a proxy every connection goes to the proxy: say so, or an admin would look
      // for the fault at the news site.
      const std::string to_proxy =
          options.proxy.empty() ? "" : "proxy " + proxy_label(options.proxy) + ": ";
      long os_errno = 0;
      curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
      if (os_errno == ECONNREFUSED) return to_proxy + "connection refused";
      if (os_errno != 0) return to_proxy + "could not connect: " + std::strerror(os_errno);
      return to_proxy + "could not connect: " + detail_of(code, error_buffer);
    }
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "could not resolve the proxy host of " + proxy_label(options.proxy);
    case CURLE_PROXY:
      return "proxy " + proxy_label(options.proxy) + ": " + detail_of(code, error_buffer);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
      return "TLS failure: " + detail_of(code, error_buffer);
    case CURLE_GOT_NOTHING:
      return "empty reply from server";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return "connection broken: " + detail_of(code, error_buffer);
    case CURLE_BAD_CONTENT_ENCODING:
      return "bad content encoding: " + detail_of(code, error_buffer);
    default:
      return detail_of(code, error_buffer);
  }
}

}  // namespace headlined::fetch::detail
