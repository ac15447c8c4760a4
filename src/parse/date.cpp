#include "headlined/parse/date.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <optional>

namespace headlined::parse {

namespace {

struct DateTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::optional<int> offset_minutes;  // east of UTC
  // W3C dates in feeds: a field past its range ("T25:51", "07-32") carries into the next, as
  // the most-used lenient feed reader does; elsewhere such a text is no date.
  bool carry = false;
  int min_year = 1900;  // feeds carry dates from 1000 on (archives, history sites)
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// A cursor over the text; every reader leaves `pos` unchanged when it fails.
struct Cursor {
  std::string_view s;
  std::size_t pos;

  bool at_end() const { return pos >= s.size(); }
  char peek() const { return at_end() ? '\0' : s[pos]; }

  std::optional<int> digits(std::size_t min, std::size_t max) {
    std::size_t n = 0;
    int value = 0;
    while (pos + n < s.size() && n < max && is_digit(s[pos + n]))
      value = value * 10 + (s[pos + n++] - '0');
    if (n < min || (pos + n < s.size() && is_digit(s[pos + n]))) return std::nullopt;
    pos += n;
    return value;
  }

  bool literal(std::string_view text) {
    if (s.substr(pos, text.size()) != text) return false;
    pos += text.size();
    return true;
  }

  // ASCII spaces, NBSP and the ideographic space; returns how many bytes were skipped.
  std::size_t spaces() {
    std::size_t start = pos;
    while (!at_end()) {
      if (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')
        ++pos;
      else if (!literal("\xC2\xA0") && !literal("\xE3\x80\x80"))
        break;
    }
    return pos - start;
  }

  bool time_separator() { return literal(":") || literal("\xEF\xBC\x9A"); /* full-width colon */ }
};

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

bool valid(const DateTime& d) {
  if (d.year < d.min_year) return false;
  if (d.carry)
    return d.year <= 2999 && d.month >= 1 && d.month <= 99 && d.day >= 1 && d.day <= 99 &&
           d.hour <= 99 && d.minute <= 99 && d.second <= 99;
  return d.year <= 2999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month) && d.hour >= 0 && d.hour <= 23 && d.minute >= 0 &&
         d.minute <= 59 && d.second >= 0 && d.second <= 60;
}

// "08:45", "08:45:07", "08:45:07.123", "08时45分07秒".
bool read_time(Cursor& c, DateTime& d) {
  Cursor t = c;
  auto hour = t.digits(1, 2);
  if (!hour) return false;
  bool chinese = false;
  if (t.literal("时") || t.literal("点")) {
    chinese = true;
  } else if (!t.time_separator()) {
    return false;
  }
  auto minute = t.digits(2, 2);
  if (!minute) return false;
  int second = 0;
  if (chinese) {
    t.literal("分");
    Cursor s = t;
    if (auto sec = s.digits(1, 2); sec && s.literal("秒")) {
      second = *sec;
      t = s;
    }
  } else {
    Cursor s = t;
    if (s.time_separator()) {
      if (auto sec = s.digits(2, 2)) {
        second = *sec;
        t = s;
        if (t.peek() == '.' && t.pos + 1 < t.s.size() && is_digit(t.s[t.pos + 1])) {
          ++t.pos;
          while (is_digit(t.peek())) ++t.pos;
        }
      }
    }
  }
  if (!d.carry && (*hour > 23 || *minute > 59 || second > 60))
    return false;  // the date alone stands
  d.hour = *hour;
  d.minute = *minute;
  d.second = second == 60 && !d.carry ? 59 : second;  // a leap second stays in its minute
  c = t;
  return true;
}

// Named zones of RFC 822 (and the two everyone uses).
std::optional<int> named_zone(Cursor& c) {
  static constexpr std::pair<std::string_view, int> kZones[] = {
      {"UTC", 0},       {"GMT", 0},       {"UT", 0},        {"EST", -5 * 60},
      {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60}, {"MST", -7 * 60},
      {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
  for (auto [name, offset] : kZones) {
    std::string_view here = c.s.substr(c.pos, name.size());
    bool same = here.size() == name.size();
    for (std::size_t i = 0; same && i < name.size(); ++i)
      same = std::toupper(static_cast<unsigned char>(here[i])) == name[i];
    std::size_t after = c.pos + name.size();
    if (same && (after >= c.s.size() || !is_alpha(c.s[after]))) {
      c.pos = after;
      return offset;
    }
  }
  return std::nullopt;
}

// "Z", "+08:00", "+0800", "+08", or after a space a named zone such as "GMT".
std::optional<int> read_zone(Cursor& c) {
  Cursor t = c;
  if (t.peek() == 'Z' && !is_alpha(t.s.size() > t.pos + 1 ? t.s[t.pos + 1] : '\0')) {
    c.pos = t.pos + 1;
    return 0;
  }
  t.spaces();
  if (t.peek() == '+' || t.peek() == '-') {
    int sign = t.peek() == '-' ? -1 : 1;
    ++t.pos;
    auto hours = t.digits(2, 2);
    if (!hours) {
      Cursor h = t;  // "+0800"
      if (auto hhmm = h.digits(4, 4)) {
        c = h;
        return sign * (*hhmm / 100 * 60 + *hhmm % 100);
      }
      return std::nullopt;
    }
    int minutes = 0;
    Cursor m = t;
    if (m.time_separator())
      if (auto mm = m.digits(2, 2)) {
        minutes = *mm;
        t = m;
      }
    c = t;
    return sign * (*hours * 60 + minutes);
  }
  if (t.pos > c.pos)  // a named zone must be separated from the time
    if (auto zone = named_zone(t)) {
      c = t;
      return zone;
    }
  return std::nullopt;
}

// The optional time and zone after a date.
void read_time_and_zone(Cursor& c, DateTime& d) {
  Cursor t = c;
  t.spaces();
  if (t.peek() == 'T' || t.peek() == 't') {
    ++t.pos;
    t.spaces();  // "2003-07-01 T 01:55:07" is a slip, not a different date
  }
  if (!read_time(t, d)) return;
  c = t;
  d.offset_minutes = read_zone(c);
}

// ISO 8601's basic form with a time: "20021231T19:20:30".
std::optional<DateTime> read_basic_iso(Cursor c, bool carry) {
  DateTime d;
  d.carry = carry;
  if (carry) d.min_year = 1000;
  auto ymd = c.digits(8, 8);
  if (!ymd || (c.peek() != 'T' && c.peek() != 't')) return std::nullopt;
  d.year = *ymd / 10000;
  d.month = *ymd / 100 % 100;
  d.day = *ymd % 100;
  read_time_and_zone(c, d);
  return d;
}

// "2024-04-14", "2024/4/14", "2024.04.14", "2024年04月14日", each with an optional time.
std::optional<DateTime> read_numeric(Cursor c, bool carry) {
  DateTime d;
  d.carry = carry;
  if (carry) d.min_year = 1000;
  auto year = c.digits(4, 4);
  if (!year) return read_basic_iso(c, carry);
  std::string_view sep2;
  if (c.literal("年"))
    sep2 = "月";
  else if (c.literal("-"))
    sep2 = "-";
  else if (c.literal("/"))
    sep2 = "/";
  else if (c.literal("."))
    sep2 = ".";
  else
    return std::nullopt;
  auto month = c.digits(1, 2);
  if (!month || !c.literal(sep2)) return std::nullopt;
  auto day = c.digits(1, 2);
  if (!day) return std::nullopt;
  if (sep2 == "月") c.literal("日") || c.literal("号");
  d.year = *year;
  d.month = *month;
  d.day = *day;
  read_time_and_zone(c, d);
  return d;
}

std::optional<int> month_name(Cursor& c) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  std::size_t end = c.pos;
  while (end < c.s.size() && is_alpha(c.s[end])) ++end;
  if (end - c.pos < 3) return std::nullopt;
  std::string word;
  for (std::size_t i = c.pos; i < c.pos + 3; ++i)
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(c.s[i])));
  for (std::size_t m = 0; m < 12; ++m)
    if (word == kMonths[m]) {
      c.pos = end;
      if (c.peek() == '.') ++c.pos;
      return static_cast<int>(m) + 1;
    }
  return std::nullopt;
}

std::optional<int> year_of(Cursor& c) {
  if (auto y = c.digits(4, 4)) return y;
  if (auto y = c.digits(2, 2)) return *y < 50 ? 2000 + *y : 1900 + *y;  // RFC 822's two digits
  return std::nullopt;
}

// RFC 822: "14 Apr 2024 08:45:07 +0800" (the weekday before it is skipped by the scan).
std::optional<DateTime> read_day_month_year(Cursor c, bool feed) {
  DateTime d;
  if (feed) d.min_year = 1000;
  auto day = c.digits(1, 2);
  if (!day || !c.spaces()) return std::nullopt;
  auto month = month_name(c);
  if (!month || !c.spaces()) return std::nullopt;
  auto year = year_of(c);
  if (!year) return std::nullopt;
  d.year = *year;
  d.month = *month;
  d.day = *day;
  read_time_and_zone(c, d);
  return d;
}

// "April 12, 2024" and "Apr 12 2024 09:15".
std::optional<DateTime> read_month_day_year(Cursor c) {
  DateTime d;
  auto month = month_name(c);
  if (!month || !c.spaces()) return std::nullopt;
  auto day = c.digits(1, 2);
  if (!day) return std::nullopt;
  c.literal(",");
  if (!c.spaces()) return std::nullopt;
  auto year = c.digits(4, 4);
  if (!year) return std::nullopt;
  d.year = *year;
  d.month = *month;
  d.day = *day;
  read_time_and_zone(c, d);
  return d;
}

std::string format(const DateTime& d) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day,
                d.hour, d.minute, d.second);
  std::string out = buffer;
  if (d.offset_minutes) {
    int off = *d.offset_minutes;
    if (off == 0) return out + "Z";
    int a = off < 0 ? -off : off;
    std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", off < 0 ? '-' : '+', a / 60, a % 60);
    out += buffer;
  }
  return out;
}

// Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days arithmetic).
long days_from_civil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const long era = (year >= 0 ? year : year - 399) / 400;
  const long year_of_era = year - era * 400;
  const long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The inverse of days_from_civil.
void civil_from_days(long days, DateTime& d) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long day_of_era = days - era * 146097;
  const long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long mp = (5 * day_of_year + 2) / 153;
  d.day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(year_of_era + era * 400 + (d.month <= 2 ? 1 : 0));
}

// The same instant in UTC; a date without a zone is taken to be UTC already. Fields past
// their range (a carried W3C date) are carried into the next here.
DateTime to_utc(DateTime d) {
  const long offset = d.offset_minutes.value_or(0);
  d.offset_minutes = 0;
  d.year += (d.month - 1) / 12;
  d.month = (d.month - 1) % 12 + 1;
  long seconds = days_from_civil(d.year, d.month, 1) * 86400L + (d.day - 1) * 86400L +
                 d.hour * 3600L + d.minute * 60L + d.second - offset * 60;
  long days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  long second_of_day = seconds - days * 86400;
  civil_from_days(days, d);
  d.hour = static_cast<int>(second_of_day / 3600);
  d.minute = static_cast<int>(second_of_day / 60 % 60);
  d.second = static_cast<int>(second_of_day % 60);
  return d;
}

// A feed date that is a bare year or year and month ("2003", "2002-12"), as W3C dates allow:
// the first instant of it.
std::optional<DateTime> read_year_month(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  Cursor c{text, 0};
  DateTime d;
  auto year = c.digits(4, 4);
  if (!year) return std::nullopt;
  d.year = *year;
  d.month = 1;
  d.day = 1;
  d.offset_minutes = 0;
  if (c.literal("-")) {
    auto month = c.digits(2, 2);
    if (!month) return std::nullopt;
    d.month = *month;
  }
  if (!c.at_end() || d.year < 1000 || d.month < 1 || d.month > 12) return std::nullopt;
  return d;
}

// The first date-like run wins, so leading labels such as "发布时间：" are passed over.
// `carry`: the feed reading (W3C fields past their range carry over, years from 1000).
std::optional<DateTime> find_date(std::string_view text, bool carry) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char prev = i > 0 ? text[i - 1] : ' ';
    std::optional<DateTime> d;
    if (is_digit(c) && !is_digit(prev)) {
      d = read_numeric(Cursor{text, i}, carry);
      if (!d || !valid(*d)) d = read_day_month_year(Cursor{text, i}, carry);
    } else if (is_alpha(c) && !is_alpha(prev)) {
      d = read_month_day_year(Cursor{text, i});
    }
    if (d && valid(*d)) return d;
  }
  return std::nullopt;
}

}  // namespace

std::string parse_date(std::string_view text) {
  auto d = find_date(text, false);
  return d ? format(*d) : "";
}

std::string parse_date_utc(std::string_view text) {
  auto d = find_date(text, true);
  if (!d) d = read_year_month(text);
  return d ? format(to_utc(*d)) : "";
}

}  // namespace headlined::parse
