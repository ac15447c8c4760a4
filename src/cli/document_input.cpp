#include "cli/document_input.hpp"

#include <fstream>
#include <sstream>

#include "headlined/fetch/fetcher.hpp"
#include "headlined/parse/gzip.hpp"
#include "headlined/text/charset.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::cli {

bool is_http_url(const std::string& target) {
  return target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0;
}

Result<DocumentInput> read_document(const std::string& target, const std::string& base_url) {
  DocumentInput doc;
  std::string& content_type = doc.content_type;
  if (is_http_url(target)) {
    fetch::FetchOptions options;
    options.only_text_types = false;  // sitemap.xml.gz comes as application/gzip
    fetch::Fetcher fetcher(options);
    auto response = fetcher.get(target);
    if (!response) return std::unexpected(response.error());
    doc.url = response->url;
    doc.raw = std::move(response->raw_body);
    content_type = response->content_type;
  } else {
    std::ifstream in(target, std::ios::binary);
    if (!in) return fail("cannot read the file", target);
    // Straight into a buffer of the file's size: a stream copy grows and copies the page
    // several times (the extraction bench reads hundreds of pages per run). A pipe has no
    // size and cannot seek; it is read through a stream.
    std::streamoff size = in.seekg(0, std::ios::end) ? std::streamoff(in.tellg()) : -1;
    if (size >= 0 && in.seekg(0)) {
      doc.raw.resize(static_cast<std::size_t>(size));
      if (!in.read(doc.raw.data(), size)) return fail("cannot read the file", target);
      if (in.peek() != std::char_traits<char>::eof()) {  // it grew, or reports no size (/proc)
        std::ostringstream rest;
        rest << in.rdbuf();
        doc.raw += std::move(rest).str();
      }
    } else {
      in.clear();
      std::ostringstream bytes;
      bytes << in.rdbuf();
      doc.raw = std::move(bytes).str();
    }
    doc.url = base_url;
  }
  if (parse::is_gzip(doc.raw)) {
    auto inflated = parse::gunzip(doc.raw);
    if (!inflated) return fail(inflated.error().what, target);
    doc.raw = std::move(*inflated);
  }
  // A saved file has no header; tools that save pages usually re-encode them to UTF-8 and
  // leave the page's old <meta charset> in place, so bytes that are valid UTF-8 are read as
  // UTF-8 (a legacy-encoded Chinese page is almost never valid UTF-8 by accident). Zero bytes
  // are valid UTF-8 but mean UTF-16 or UTF-32 text.
  if (!is_http_url(target) && text::is_valid_utf8(doc.raw) &&
      doc.raw.find('\0') == std::string::npos) {
    doc.utf8 = doc.raw;
    doc.charset = "utf-8";
    return doc;
  }
  text::Decoded decoded = text::decode_to_utf8(doc.raw, content_type);
  doc.utf8 = std::move(decoded.utf8);
  doc.charset = std::move(decoded.charset);
  return doc;
}

}  // namespace headlined::cli
