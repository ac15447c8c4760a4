// The decision which charset a response is in, and decoding it. Order: a BOM (it cannot be
// wrong), the Content-Type header, a declaration in the document, then a guess.

#include <uchardet.h>

#include <memory>
#include <optional>
#include <type_traits>

#include "charset_label.hpp"
#include "headlined/text/charset.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::text {

namespace {

// uchardet settles within a few KB of text; feeding it a whole large page only costs time.
constexpr std::size_t kGuessLimit = 64 * 1024;

std::string guess_charset(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(
      uchardet_new(), &uchardet_delete);
  if (!detector) return {};
  const std::string_view sample = bytes.substr(0, kGuessLimit);
  if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) return {};
  uchardet_data_end(detector.get());
  const char* name = uchardet_get_charset(detector.get());
  return name ? detail::canonical_charset(name) : std::string();
}

std::optional<Decoded> try_decode(std::string_view bytes, const std::string& charset) {
  if (charset.empty()) return std::nullopt;
  auto utf8 = convert_to_utf8(bytes, charset);
  if (!utf8) return std::nullopt;  // a charset iconv does not know: try the next clue
  return Decoded{std::move(*utf8), charset};
}

}  // namespace

Decoded decode_to_utf8(std::string_view bytes, std::string_view content_type) {
  std::size_t bom_length = 0;
  if (auto d = try_decode(bytes, detail::bom_charset(bytes, bom_length))) return *d;

  const std::string header = charset_from_content_type(content_type);
  const std::string declared = charset_declared_in(bytes);
  const bool valid_utf8 = is_valid_utf8(bytes);

  // Browsers follow the header even when the bytes disagree. One exception is common enough
  // on Chinese sites to handle: a server configured to say utf-8 in front of GBK pages that
  // say so in their <meta>. Invalid UTF-8 proves the header wrong, so the page wins.
  const bool header_proven_wrong =
      header == "utf-8" && !valid_utf8 && !declared.empty() && declared != "utf-8";
  if (!header_proven_wrong) {
    if (auto d = try_decode(bytes, header)) return *d;
  }
  if (auto d = try_decode(bytes, declared)) return *d;
  if (valid_utf8) return Decoded{std::string(bytes), "utf-8"};
  if (auto d = try_decode(bytes, guess_charset(bytes))) return *d;
  if (auto d = try_decode(bytes, "windows-1252")) return *d;
  return Decoded{sanitize_utf8(bytes), "utf-8"};  // only if iconv lacks even windows-1252
}

}  // namespace headlined::text
