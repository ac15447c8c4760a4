// Queries, configs, charsets, URLs and email headers.

#include <string>

#include "headlined/config/config.hpp"
#include "headlined/core/url.hpp"
#include "headlined/match/query.hpp"
#include "headlined/notify/email.hpp"
#include "headlined/text/charset.hpp"
#include "headlined/text/normalize.hpp"
#include "headlined/text/utf8.hpp"
#include "targets.hpp"

namespace headlined::fuzz {

int query_parser(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  auto query = match::Query::parse(text);
  if (!query) {
    require(query.error().offset <= text.size(), "an error offset lies inside the query");
    return 0;
  }
  static const std::string article = text::normalize_for_match(
      "高青县招商引资一季度两项重要指标均居全市首位 The harbour reopened; AI chips, new energy.");
  std::vector<std::string> hits;
  (void)query->matches(article, &hits);
  return 0;
}

int config_loader(const std::uint8_t* data, std::size_t size) {
  config::LoadResult result = config::load_config_text(std::string(as_text(data, size)), "f.jsonc");
  for (const config::ConfigError& e : result.errors)
    require(e.pos.line >= 0 && e.pos.column >= 0, "error positions are not negative");
  return 0;
}

int charset_decoding(const std::uint8_t* data, std::size_t size) {
  // The first byte picks the Content-Type the bytes come with.
  static const char* const labels[] = {"",
                                       "text/html",
                                       "text/html; charset=gbk",
                                       "text/html; charset=big5",
                                       "text/html; charset=utf-8",
                                       "text/html; charset=shift_jis",
                                       "text/html; charset=euc-kr",
                                       "text/html; charset=windows-1252",
                                       "text/html; charset=utf-16",
                                       "text/html; charset=x-unknown"};
  if (size == 0) return 0;
  const char* content_type = labels[data[0] % (sizeof labels / sizeof labels[0])];
  text::Decoded decoded = text::decode_to_utf8(as_text(data + 1, size - 1), content_type);
  require(text::is_valid_utf8(decoded.utf8), "decoding always yields valid UTF-8");
  require(text::is_valid_utf8(text::normalize_for_match(decoded.utf8)),
          "normalisation keeps UTF-8 valid");
  return 0;
}

int url_canonicalisation(const std::uint8_t* data, std::size_t size) {
  const std::string text(as_text(data, size));
  const std::string canonical = canonical_url(text);
  require(canonical_url(canonical) == canonical, "canonicalisation is idempotent");
  const std::string resolved = resolve_url("http://news.example/a/b/list.html?p=2", text);
  require(resolved.empty() || resolved.rfind("http", 0) == 0, "resolved links are http(s)");
  return 0;
}

int email_header(const std::uint8_t* data, std::size_t size) {
  const std::string text = text::sanitize_utf8(as_text(data, size));
  const std::string clean = notify::sanitize_header_text(text);
  require(clean.find_first_of("\r\n") == std::string::npos, "no line break survives");
  const std::string encoded = notify::encode_header_words(text);
  for (std::size_t pos = 0; pos < encoded.size();) {
    std::size_t end = encoded.find("\r\n", pos);
    if (end == std::string::npos) end = encoded.size();
    require(end - pos <= 78, "folded header lines stay within 78 characters");
    pos = end + 2;
  }
  for (char c : encoded)
    require(c == '\r' || c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f),
            "encoded words are printable ASCII");
  return 0;
}

}  // namespace headlined::fuzz
