#include "fold_table.hpp"

#include <opencc/opencc.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "headlined/match/normalize.hpp"
#include "headlined/text/normalize.hpp"
#include "headlined/text/utf8.hpp"
#include "utf8_decode.hpp"

namespace headlined::match {

namespace {

bool is_han(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

// A code point whose normal form depends on its neighbours: it may compose with the
// preceding character (combining marks, Hangul vowel and final jamo) or reorder with it.
bool is_contextual(char32_t cp) {
  if (cp >= 0x1160 && cp <= 0x11FF) return true;
  const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  return p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
         p->category == UTF8PROC_CATEGORY_MC || p->category == UTF8PROC_CATEGORY_ME;
}

std::string utf8_of(char32_t cp) {
  std::string s;
  text::append_utf8(s, cp);
  return s;
}

// OpenCC's t2s conversion of each character on its own. One call over all of them, one per
// line: its phrase dictionary never spans a line break, so each line is converted alone.
std::unordered_map<char32_t, std::string> load_t2s(const std::set<char32_t>& han) {
  std::unordered_map<char32_t, std::string> map;
  opencc_t converter = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
  if (converter == reinterpret_cast<opencc_t>(-1))
    converter = opencc_open("/usr/share/opencc/" OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
  if (converter == reinterpret_cast<opencc_t>(-1)) return map;
  std::string input;
  for (char32_t cp : han) {
    text::append_utf8(input, cp);
    input += '\n';
  }
  char* converted = opencc_convert_utf8(converter, input.data(), input.size());
  if (converted) {
    std::string_view out(converted);
    auto it = han.begin();
    std::size_t line_begin = 0;
    for (std::size_t nl = out.find('\n'); nl != std::string_view::npos && it != han.end();
         nl = out.find('\n', line_begin), ++it) {
      std::string line(out.substr(line_begin, nl - line_begin));
      if (!line.empty() && line != utf8_of(*it)) map.emplace(*it, std::move(line));
      line_begin = nl + 1;
    }
    if (it != han.end()) map.clear();  // lines out of step: better no mapping than wrong ones
    opencc_convert_utf8_free(converted);
  }
  opencc_close(converter);
  return map;
}

}  // namespace

const FoldTable& FoldTable::instance() {
  static const FoldTable table;
  return table;
}

FoldTable::FoldTable() : entries_(kTableEnd) {
  std::vector<std::string> folded(kTableEnd);
  std::set<char32_t> han;
  for (char32_t cp = 0; cp < kTableEnd; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates never decode
    folded[cp] = text::normalize_for_match(utf8_of(cp));
    std::size_t pos = 0;
    while (pos < folded[cp].size()) {
      char32_t c = text::next_code_point(folded[cp], pos);
      if (is_han(c)) han.insert(c);
    }
  }
  t2s_ = load_t2s(han);
  has_t2s_ = !t2s_.empty();

  for (char32_t cp = 0; cp < kTableEnd; ++cp) {
    Entry& e = entries_[cp];
    e.contextual = cp >= 0xD800 && cp <= 0xDFFF ? true : is_contextual(cp);
    e.offset = static_cast<std::uint32_t>(pool_.size());
    std::size_t pos = 0;
    while (pos < folded[cp].size()) simplify_append(text::next_code_point(folded[cp], pos), pool_);
    e.length = static_cast<std::uint8_t>(pool_.size() - e.offset);
  }
  pool_.append(kCopyWidth, '\0');  // room for fold's fixed-width copy of the last form

  for (unsigned b = 0; b < 0x80; ++b) {
    const Entry& e = entries_[b];
    const bool simple =
        !e.contextual && e.length == 1 && static_cast<unsigned char>(pool_[e.offset]) < 0x80;
    ascii_[b] = simple ? pool_[e.offset] : kNotSimple;
  }
}

void FoldTable::simplify_append(char32_t cp, std::string& out) const {
  if (is_han(cp)) {
    auto it = t2s_.find(cp);
    if (it != t2s_.end()) {
      out += it->second;
      return;
    }
  }
  text::append_utf8(out, cp);
}

template <typename Offset>
void FoldTable::fold_run(std::string_view utf8, std::size_t begin, std::size_t end,
                         std::string& out, std::vector<Offset>* origin) const {
  const std::string run = text::normalize_for_match(utf8.substr(begin, end - begin));
  const std::size_t before = out.size();
  std::size_t pos = 0;
  while (pos < run.size()) simplify_append(text::next_code_point(run, pos), out);
  if (origin) {
    if (origin->size() < out.size()) origin->resize(out.size());
    std::fill(origin->begin() + static_cast<std::ptrdiff_t>(before),
              origin->begin() + static_cast<std::ptrdiff_t>(out.size()),
              static_cast<Offset>(begin));
  }
}

template <typename Offset>
bool FoldTable::fold(std::string_view utf8, std::string& out, std::vector<Offset>* origin) const {
  // Written through indexes into room made ahead and cut back at the end: appending one to
  // three bytes at a time to the string, and as many offsets to `origin`, was a third of the
  // matcher's time per article. The room is made without zero-filling it (it is written
  // before it is read), and `origin` is only ever grown.
  std::size_t n = out.size();
  auto grow = [&](std::size_t size) {
    out.resize_and_overwrite(size, [](char*, std::size_t length) { return length; });
    if (origin && origin->size() < size) origin->resize(size);
  };
  grow(n + utf8.size() + kSlack);
  bool valid = true;
  // Where the last character folded alone began, in the input and in `out`: a combining mark
  // after it takes it back and folds the two together.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t last_in = kNone;
  std::size_t last_out = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    if (n + kSlack > out.size()) grow(std::max(out.size() * 2, n + kSlack + utf8.size() / 8));
    const std::size_t begin = pos;
    const auto byte = static_cast<unsigned char>(utf8[pos]);
    if (byte < 0x80 && ascii_[byte] != kNotSimple) {
      last_in = begin;
      last_out = n;
      out[n] = ascii_[byte];
      if (origin) (*origin)[n] = static_cast<Offset>(begin);
      ++n;
      ++pos;
      continue;
    }
    const char32_t cp = decode_utf8(utf8, pos);
    // Bad bytes decode as U+FFFD; a real U+FFFD in the text is rare, so checking it is cheap.
    if (cp == 0xFFFD && !text::is_valid_utf8(utf8.substr(begin, pos - begin))) valid = false;
    if (cp < kTableEnd && !entries_[cp].contextual) {
      const Entry& e = entries_[cp];
      last_in = begin;
      last_out = n;
      // Most forms are one to four bytes: one fixed-width copy (the pool and `out` have room
      // past the end for it), and the bytes past the form's length are overwritten next;
      // the same for the form's first four origin entries.
      std::memcpy(out.data() + n, pool_.data() + e.offset, kCopyWidth);
      if (e.length > kCopyWidth) std::memcpy(out.data() + n, pool_.data() + e.offset, e.length);
      if (origin) {
        Offset* o = origin->data() + n;
        const auto from = static_cast<Offset>(begin);
        o[0] = from;
        o[1] = from;
        o[2] = from;
        o[3] = from;
        for (std::size_t k = 4; k < e.length; ++k) o[k] = from;
      }
      n += e.length;
      continue;
    }
    std::size_t run_begin = begin;
    if (last_in != kNone) {
      run_begin = last_in;
      n = last_out;
    }
    std::size_t run_end = pos;
    while (run_end < utf8.size()) {
      std::size_t next = run_end;
      const char32_t c = decode_utf8(utf8, next);
      if (c < kTableEnd && !entries_[c].contextual) break;
      run_end = next;
    }
    if (!text::is_valid_utf8(utf8.substr(run_begin, run_end - run_begin))) valid = false;
    out.resize(n);
    fold_run(utf8, run_begin, run_end, out, origin);
    n = out.size();
    grow(n + utf8.size() - run_end + kSlack);
    pos = run_end;
    last_in = kNone;
  }
  out.resize(n);
  return valid;
}

template bool FoldTable::fold(std::string_view, std::string&, std::vector<std::size_t>*) const;
template bool FoldTable::fold(std::string_view, std::string&, std::vector<std::uint32_t>*) const;

std::string normalize(std::string_view utf8) {
  std::string out;
  FoldTable::instance().fold(utf8, out, static_cast<std::vector<std::size_t>*>(nullptr));
  return out;
}

std::string normalize(std::string_view utf8, std::vector<std::size_t>& origin) {
  std::string out;
  origin.clear();
  FoldTable::instance().fold(utf8, out, &origin);
  origin.resize(out.size());
  origin.push_back(utf8.size());
  return out;
}

bool traditional_to_simplified_available() {
  return FoldTable::instance().has_t2s();
}

}  // namespace headlined::match
