#include "content_coding.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

namespace headlined::web {

namespace {

// Set by negotiate_encoding (after removing any copy the client sent): the client takes gzip.
constexpr const char* kTakesGzip = "X-Headlined-Takes-Gzip";
// Below this a gzip header and trailer (18 bytes) are not worth a compression call.
constexpr std::size_t kMinBytes = 512;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The q-value of one Accept-Encoding entry ("gzip;q=0.5" -> 0.5; none -> 1; unreadable -> 0).
double quality(std::string_view params) {
  while (!params.empty()) {
    const std::size_t semicolon = params.find(';');
    const std::string_view param = trim(params.substr(0, semicolon));
    params = semicolon == std::string_view::npos ? "" : params.substr(semicolon + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string value(trim(param.substr(2)));
      char* end = nullptr;
      const double q = std::strtod(value.c_str(), &end);
      return end == value.c_str() || *end != '\0' ? 0.0 : q;
    }
  }
  return 1.0;
}

bool compressible(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  return content_type.starts_with("text/") || content_type == "application/atom+xml" ||
         content_type == "application/json" || content_type == "application/xml";
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<double> gzip_q;
  std::optional<double> any_q;
  while (!accept_encoding.empty()) {
    const std::size_t comma = accept_encoding.find(',');
    const std::string_view entry = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    const std::size_t semicolon = entry.find(';');
    const std::string_view name = trim(entry.substr(0, semicolon));
    const double q =
        semicolon == std::string_view::npos ? 1.0 : quality(entry.substr(semicolon + 1));
    if (iequals(name, "gzip") || iequals(name, "x-gzip"))
      gzip_q = std::max(gzip_q.value_or(0.0), q);
    else if (name == "*")
      any_q = q;
  }
  if (gzip_q) return *gzip_q > 0;
  return any_q && *any_q > 0;
}

std::string gzip(std::string_view data, int level) {
  z_stream stream{};
  // 15 + 16: the largest window, with a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string();
}

std::optional<std::string> gunzip(std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    char chunk[16 * 1024];
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

void negotiate_encoding(httplib::Request& req) {
  req.headers.erase(kTakesGzip);
  const bool takes = accepts_gzip(req.get_header_value("Accept-Encoding"));
  req.headers.erase("Accept-Encoding");
  if (takes) req.headers.emplace(kTakesGzip, "1");
}

bool client_takes_gzip(const httplib::Request& req) {
  return req.has_header(kTakesGzip);
}

void encode_response(const httplib::Request& req, httplib::Response& res) {
  if (res.body.empty() || !compressible(res.get_header_value("Content-Type"))) return;
  if (!res.has_header("Vary")) res.set_header("Vary", "Accept-Encoding");
  // A range is of the bytes httplib already cut from the plain body: leave it plain.
  if (!client_takes_gzip(req) || res.has_header("Content-Encoding") || !req.ranges.empty() ||
      res.body.size() < kMinBytes)
    return;
  std::string compressed = gzip(res.body);
  if (compressed.empty() || compressed.size() >= res.body.size()) return;
  res.body = std::move(compressed);
  res.set_header("Content-Encoding", "gzip");
  // httplib set the plain body's length before this step.
  res.headers.erase("Content-Length");
  res.set_header("Content-Length", std::to_string(res.body.size()));
}

}  // namespace headlined::web
