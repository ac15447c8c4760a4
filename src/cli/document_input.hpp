#pragma once
// What `extract` and `parse-feed` read: a URL fetched the way the daemon fetches it, or a
// local file (gzip allowed), decoded to UTF-8 the same way.

#include <string>

#include "headlined/core/error.hpp"

namespace headlined::cli {

struct DocumentInput {
  std::string url;           // the effective URL, or the --base-url given for a file ("" if none)
  std::string raw;           // bytes as received or read, gunzipped
  std::string utf8;          // decoded
  std::string charset;       // what it was decoded from
  std::string content_type;  // as the server sent it; "" for a file
};

bool is_http_url(const std::string& target);

// `base_url` is the URL a file stands for (links and images resolve against it).
Result<DocumentInput> read_document(const std::string& target, const std::string& base_url);

}  // namespace headlined::cli
