// Rendering of the notification email. Every header value that comes from a page goes
// through sanitize_header_text, and the subject through RFC 2047 encoding, so neither a
// CR/LF in a title nor non-ASCII text can change the message's structure.
#include "headlined/notify/email.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "base64.hpp"
#include "headlined/core/time.hpp"
#include "headlined/notify/render.hpp"

namespace headlined::notify {

namespace {

// Raw bytes per encoded-word: 39 bytes -> 52 base64 chars -> a 64-char word, so even the
// first line "Subject: <word>" stays under the 78-character line limit of RFC 5322.
constexpr std::size_t kWordBytes = 39;

// The length of the UTF-8 sequence starting at s[i]: the lead byte and its continuation
// bytes (at most 3), so a malformed sequence still advances and a valid one is never cut.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  std::size_t n = 1;
  while (n < 4 && i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
  return n;
}

std::string crlf_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string sanitize_header_text(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  return out;
}

std::string encode_header_words(std::string_view utf8) {
  const std::string text = sanitize_header_text(utf8);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size()) {
      std::size_t n = sequence_length(text, end);
      if (end + n - i > kWordBytes) break;
      end += n;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(std::string_view(text).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string rfc5322_date(UnixTime t) {
  // Built by hand: strftime's %a/%b follow the locale, RFC 5322 wants English names.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buffer;
}

std::string bare_address(std::string_view address) {
  auto open = address.rfind('<');
  auto close = address.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(address.substr(open + 1, close - open - 1));
  }
  while (!address.empty() && address.front() == ' ') address.remove_prefix(1);
  while (!address.empty() && address.back() == ' ') address.remove_suffix(1);
  return std::string(address);
}

// The Message-ID's right-hand side: the sender's own domain (RFC 5322 asks for a domain the
// sender controls, so ids from two installations never collide), or "headlined" when the
// `from` address has no ASCII domain a header may carry.
std::string message_id_host(std::string_view from) {
  const std::string address = bare_address(from);
  auto at = address.rfind('@');
  std::string host = at == std::string::npos ? "" : address.substr(at + 1);
  const bool usable = !host.empty() && std::ranges::all_of(host, [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
  });
  return usable ? host : "headlined";
}

std::string render_email(const Message& message, const ChannelSpec& spec, UnixTime now) {
  std::string to;
  for (const auto& rcpt : spec.to) {
    if (!to.empty()) to += ", ";
    to += sanitize_header_text(rcpt);
  }
  const std::string key = sanitize_header_text(message.idempotency_key);
  // The boundary must not occur in the parts; base64 text never contains "=_".
  const std::string boundary = "=_headlined_" + key + "_" + std::to_string(now);
  const std::string unsubscribe = spec.unsubscribe.empty()
                                      ? "mailto:" + bare_address(spec.from) + "?subject=unsubscribe"
                                      : spec.unsubscribe;
  std::string m;
  m += "Date: " + rfc5322_date(now) + "\r\n";
  m += "From: " + sanitize_header_text(spec.from) + "\r\n";
  m += "To: " + to + "\r\n";
  m += "Subject: " + encode_header_words(render_subject(message)) + "\r\n";
  m += "Message-ID: <" + key + "@" + message_id_host(spec.from) + ">\r\n";
  m += "List-Unsubscribe: <" + sanitize_header_text(unsubscribe) + ">\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n";
  m += "\r\n";
  const std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" +
                           render_body(message, Markup::Html) + "</body></html>\n";
  // Plain first, HTML last: clients show the last alternative they can display.
  const std::pair<const char*, std::string> parts[] = {
      {"text/plain", render_body(message, Markup::Plain)}, {"text/html", html}};
  for (const auto& [type, text] : parts) {
    m += "--" + boundary + "\r\n";
    m += std::string("Content-Type: ") + type + "; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    // base64 keeps long Chinese lines and any stray bytes within SMTP's line rules.
    const std::string encoded = base64_encode(crlf_lines(text));
    for (std::size_t i = 0; i < encoded.size(); i += 76) m += encoded.substr(i, 76) + "\r\n";
  }
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace headlined::notify
