// Naming what arrived when a feed was expected: the source's error then tells the admin that
// the URL serves an HTML page, a login wall or some other JSON, not just "not a feed".

#include "headlined/parse/feed.hpp"
#include "text_util.hpp"

namespace headlined::parse {

namespace {

constexpr std::size_t kPreviewChars = 60;

// The first characters, with runs of white space as one space and control bytes dropped, so
// the preview stays on one log line. Characters are counted by their lead byte, so the cut
// never falls inside one.
std::string preview(std::string_view body) {
  if (detail::starts_with(body, "\xEF\xBB\xBF")) body.remove_prefix(3);
  std::string out;
  std::size_t chars = 0;
  bool space = false;
  for (char ch : body) {
    auto c = static_cast<unsigned char>(ch);
    bool continuation = (c & 0xC0) == 0x80;
    if (!continuation && chars >= kPreviewChars) break;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (c < 0x20 || c == 0x7F) continue;
    if (space) {
      out += ' ';
      ++chars;
      space = false;
    }
    out += ch;
    if (!continuation) ++chars;
  }
  return out;
}

}  // namespace

std::string describe_arrival(std::string_view body, std::string_view content_type) {
  std::string out =
      content_type.empty() ? "no content type" : "content type " + detail::trim(content_type);
  if (body.empty()) return out + ", empty body";
  return out + ", starts \"" + preview(body) + "\"";
}

Result<Feed> parse_feed_response(std::string_view utf8_body, const std::string& url,
                                 std::string_view content_type) {
  auto feed = parse_feed(utf8_body, url);
  if (feed) return feed;
  Error error = feed.error();
  error.what += " (" + describe_arrival(utf8_body, content_type) + ")";
  return std::unexpected(error);
}

}  // namespace headlined::parse
