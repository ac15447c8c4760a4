// Finding the charset a response names: in its Content-Type header, or inside the document
// (BOM, XML prolog, <meta>). Only the first few KB are scanned, as browsers do.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charset_label.hpp"
#include "headlined/text/charset.hpp"

namespace headlined::text {

namespace {

constexpr std::size_t kScanLimit = 8 * 1024;

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

struct Attribute {
  std::string name;  // lower case
  std::string value;
};

// Reads the attributes of a tag starting at pos (just past its name) up to the closing '>'.
// Leaves pos after the '>'.
std::vector<Attribute> read_attributes(std::string_view s, std::size_t& pos) {
  std::vector<Attribute> attrs;
  while (pos < s.size()) {
    while (pos < s.size() && (is_ascii_space(s[pos]) || s[pos] == '/')) ++pos;
    if (pos >= s.size()) break;
    if (s[pos] == '>') {
      ++pos;
      break;
    }
    Attribute a;
    while (pos < s.size() && !is_ascii_space(s[pos]) && s[pos] != '=' && s[pos] != '>' &&
           s[pos] != '/') {
      a.name.push_back(lower(s[pos++]));
    }
    while (pos < s.size() && is_ascii_space(s[pos])) ++pos;
    if (pos < s.size() && s[pos] == '=') {
      ++pos;
      while (pos < s.size() && is_ascii_space(s[pos])) ++pos;
      if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) {
        const char quote = s[pos++];
        const std::size_t end = std::min(s.find(quote, pos), s.size());
        a.value = std::string(s.substr(pos, end - pos));
        pos = end + 1;
      } else {
        while (pos < s.size() && !is_ascii_space(s[pos]) && s[pos] != '>')
          a.value.push_back(s[pos++]);
      }
    }
    if (a.name.empty()) {
      ++pos;  // a stray character such as '"'; skip it rather than loop on it
      continue;
    }
    attrs.push_back(std::move(a));
  }
  return attrs;
}

std::string charset_of_meta(const std::vector<Attribute>& attrs) {
  const std::string* content = nullptr;
  bool content_type = false;
  for (const Attribute& a : attrs) {
    if (a.name == "charset") return detail::canonical_charset(a.value);
    if (a.name == "content") content = &a.value;
    if (a.name == "http-equiv" && iequals(a.value, "content-type")) content_type = true;
  }
  if (content_type && content) return charset_from_content_type(*content);
  return {};
}

// The encoding="…" of an XML declaration at the start of s; nullopt when s has none.
std::optional<std::string> xml_prolog_encoding(std::string_view s) {
  if (!s.starts_with("<?xml")) return std::nullopt;
  const std::size_t end = s.find("?>");
  const std::string_view decl = s.substr(0, end);
  const std::size_t key = decl.find("encoding");
  if (key == std::string_view::npos) return std::string();
  std::size_t pos = key + 8;
  while (pos < decl.size() && is_ascii_space(decl[pos])) ++pos;
  if (pos >= decl.size() || decl[pos] != '=') return std::string();
  ++pos;
  while (pos < decl.size() && is_ascii_space(decl[pos])) ++pos;
  if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\'')) return std::string();
  const char quote = decl[pos++];
  const std::size_t close = decl.find(quote, pos);
  if (close == std::string_view::npos) return std::string();
  return detail::canonical_charset(decl.substr(pos, close - pos));
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  std::size_t pos = content_type.find(';');
  while (pos != std::string_view::npos) {
    const std::size_t next = content_type.find(';', pos + 1);
    std::string_view param = content_type.substr(
        pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1);
    while (!param.empty() && is_ascii_space(param.front())) param.remove_prefix(1);
    if (istarts_with(param, "charset")) {
      param.remove_prefix(7);
      while (!param.empty() && is_ascii_space(param.front())) param.remove_prefix(1);
      if (!param.empty() && param.front() == '=') {
        param.remove_prefix(1);
        return detail::canonical_charset(param);
      }
    }
    pos = next;
  }
  return {};
}

std::string charset_declared_in(std::string_view bytes) {
  std::size_t bom_length = 0;
  std::string bom = detail::bom_charset(bytes, bom_length);
  if (!bom.empty()) return bom;

  const std::string_view head = bytes.substr(0, kScanLimit);
  std::size_t start = 0;
  while (start < head.size() && is_ascii_space(head[start])) ++start;
  // An XML document names its encoding in the prolog or has none (then it is UTF-8, which the
  // guess finds); <meta> tags inside its CDATA (feeds quoting HTML) do not describe the feed.
  if (auto xml = xml_prolog_encoding(head.substr(start))) return *xml;

  std::size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    const std::string_view rest = head.substr(pos);
    if (rest.starts_with("<!--")) {
      const std::size_t end = head.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    if (istarts_with(rest, "<meta") && rest.size() > 5 &&
        (is_ascii_space(rest[5]) || rest[5] == '/')) {
      pos += 5;
      std::string charset = charset_of_meta(read_attributes(head, pos));
      // A page that is read as ASCII bytes cannot be UTF-16; browsers read such a claim as
      // UTF-8.
      if (charset == "utf-16le" || charset == "utf-16be") charset = "utf-8";
      if (!charset.empty()) return charset;
      continue;
    }
    ++pos;
  }
  return {};
}

}  // namespace headlined::text
