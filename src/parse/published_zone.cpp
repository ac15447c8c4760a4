#include "headlined/parse/published_zone.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

#include "headlined/core/time_zone.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::parse {

namespace {

// Only the start of a long body is read: the language shows in the first paragraphs.
constexpr std::size_t kTextSample = 4096;

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

// Kana and Hangul: Japanese and Korean text has Han characters too.
bool is_kana_or_hangul(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0x1100 && cp <= 0x11FF);
}

bool is_latin_letter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F);
}

bool declares_chinese(std::string_view language) {
  return language.size() >= 2 && (language[0] == 'z' || language[0] == 'Z') &&
         (language[1] == 'h' || language[1] == 'H') &&
         (language.size() == 2 || language[2] == '-' || language[2] == '_');
}

// Han characters outweigh Latin letters three to one in words (a Chinese word is one or
// two characters, an English one five or six letters), and little Kana or Hangul is mixed in.
bool text_is_chinese(std::string_view text) {
  std::size_t han = 0, latin = 0, kana_hangul = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = text::next_code_point(text, pos);
    han += is_han(cp);
    latin += is_latin_letter(cp);
    kana_hangul += is_kana_or_hangul(cp);
  }
  return han > 0 && kana_hangul * 10 < han && han * 3 >= latin;
}

bool has_offset(const std::string& iso) {
  if (iso.size() < 20) return false;
  if (iso.back() == 'Z') return true;
  const char sign = iso[iso.size() - 6];
  return (sign == '+' || sign == '-') && iso[iso.size() - 3] == ':';
}

// "2024-04-14T08:30:00" as seconds since 1970-01-01T00:00 on the same clock.
std::optional<std::int64_t> wall_seconds(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (iso.size() != 19 ||
      std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(mo),
                                         std::chrono::day(d)};
  if (!date.ok()) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * 86400 + h * 3600 + mi * 60 + s;
}

std::string offset_suffix(int offset) {
  if (offset == 0) return "Z";
  const int minutes = (offset < 0 ? -offset : offset) / 60;
  auto two_digits = [](int n) {
    return std::string(1, char('0' + n / 10 % 10)) + char('0' + n % 10);
  };
  return std::string(offset < 0 ? "-" : "+") + two_digits(minutes / 60) + ":" +
         two_digits(minutes % 60);
}

}  // namespace

bool is_chinese_page(const Article& article) {
  if (declares_chinese(article.language)) return true;
  std::string sample = article.title + "\n" + article.body.substr(0, kTextSample);
  return text_is_chinese(sample);
}

std::string page_time_zone(const Article& article, const std::string& source_zone) {
  if (!source_zone.empty()) return source_zone;
  return is_chinese_page(article) ? "Asia/Shanghai" : "UTC";
}

void apply_time_zone(Article& article, const std::string& source_zone) {
  if (article.published.empty() || has_offset(article.published)) return;
  const auto wall = wall_seconds(article.published);
  if (!wall) return;
  const std::string zone = page_time_zone(article, source_zone);
  // The config checked the zone; a zone file gone since leaves the time as it was.
  const auto instant = local_to_utc(zone, *wall);
  if (!instant) return;
  article.published += offset_suffix(static_cast<int>(*wall - *instant));
}

}  // namespace headlined::parse
