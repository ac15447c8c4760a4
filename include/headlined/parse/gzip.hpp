#pragma once
// gzip bodies that arrive without a Content-Encoding (sitemap.xml.gz, saved pages).

#include <cstddef>
#include <string>
#include <string_view>

#include "headlined/core/error.hpp"

namespace headlined::parse {

// True when the bytes start with the gzip magic number.
bool is_gzip(std::string_view bytes);

// Decompresses gzip data (concatenated members included). More than `max_bytes` of output is
// an error, so a small "zip bomb" cannot exhaust memory; so is truncated or corrupt data.
Result<std::string> gunzip(std::string_view bytes, std::size_t max_bytes = 64 * 1024 * 1024);

}  // namespace headlined::parse
