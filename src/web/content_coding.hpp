#pragma once
// gzip for every listener's responses, negotiated here rather than by cpp-httplib. httplib
// compresses each text response anew at zlib's default level (6), and prefers brotli at
// its default quality (11, its slowest: milliseconds a page) whenever "br" appears in
// Accept-Encoding, which every browser sends; it also reads "gzip;q=0" as a yes and sends
// no `Vary: Accept-Encoding`, so a shared cache could hand a gzipped page to a client that
// cannot read it. Here the listener takes Accept-Encoding off the request before routing
// (so httplib never compresses), notes whether gzip is accepted, and after the handler
// compresses a text body once, at a cheap level, unless the handler already sent a body
// it compressed earlier (the snapshot page cache keeps its pages gzipped).

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

namespace headlined::web {

// zlib level for bodies compressed per response: level 1 costs a fraction of level 6's
// CPU and HTML pages shrink nearly as much (docs/web.md, "Figures").
inline constexpr int kGzipLevel = 1;

// True when an Accept-Encoding value accepts gzip: "gzip" or "x-gzip" with a q-value above
// zero, or "*" when gzip is not named with q=0.
bool accepts_gzip(std::string_view accept_encoding);

// `data` as a gzip stream.
std::string gzip(std::string_view data, int level = kGzipLevel);

// A gzip stream unpacked; nothing when it is not one.
std::optional<std::string> gunzip(std::string_view data);

// Before routing (the listener's setup step): records whether the client takes gzip and
// removes Accept-Encoding, so httplib leaves the body alone.
void negotiate_encoding(httplib::Request& req);

// True when negotiate_encoding found that the client takes gzip.
bool client_takes_gzip(const httplib::Request& req);

// After the handler (the listener's post-routing step, before the head is written): gzips
// a compressible body when the client takes it and the handler did not encode it already,
// and adds `Vary: Accept-Encoding` to every response whose encoding depends on it.
void encode_response(const httplib::Request& req, httplib::Response& res);

}  // namespace headlined::web
