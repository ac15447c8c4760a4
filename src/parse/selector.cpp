#include "headlined/parse/selector.hpp"

#include <cctype>

#include "dom.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"

namespace headlined::parse {

namespace detail {

struct AttributeTest {
  enum class Op { Exists, Equals, Contains, Prefix };
  std::string name;  // lower case
  Op op = Op::Exists;
  std::string value;
};

}  // namespace detail

struct Selector::Compound {
  std::string tag;  // lower case; empty for any element
  std::vector<std::string> ids;
  std::vector<std::string> classes;
  std::vector<detail::AttributeTest> attributes;
};

struct Selector::Complex {
  // compounds[i] relates to compounds[i - 1] through child[i] (true: ">", false: descendant).
  std::vector<Compound> compounds;
  std::vector<bool> child;
};

namespace {

// Selectors come from the config; this bound keeps the backtracking match small.
constexpr std::size_t kMaxCompounds = 32;

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<std::vector<Selector::Complex>> run() {
    std::vector<Selector::Complex> out;
    for (;;) {
      auto complex = parse_complex();
      if (!complex) return std::unexpected(complex.error());
      out.push_back(std::move(*complex));
      skip_spaces();
      if (pos_ >= s_.size()) return out;
      if (s_[pos_] != ',') return error("unexpected '" + std::string(1, s_[pos_]) + "'");
      ++pos_;
    }
  }

 private:
  std::unexpected<Error> error(const std::string& why) const {
    return fail("selector: " + why + " at offset " + std::to_string(pos_),
                "selector '" + std::string(s_) + "'");
  }

  void skip_spaces() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  std::string name() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  Result<Selector::Complex> parse_complex() {
    Selector::Complex complex;
    skip_spaces();
    bool child = false;
    for (;;) {
      auto compound = parse_compound();
      if (!compound) return std::unexpected(compound.error());
      complex.compounds.push_back(std::move(*compound));
      complex.child.push_back(child);
      if (complex.compounds.size() > kMaxCompounds) return error("too many compound selectors");
      std::size_t before = pos_;
      skip_spaces();
      if (pos_ >= s_.size() || s_[pos_] == ',') return complex;
      if (s_[pos_] == '>') {
        ++pos_;
        skip_spaces();
        child = true;
      } else if (pos_ > before) {
        child = false;
      } else {
        return error("unexpected '" + std::string(1, s_[pos_]) + "'");
      }
    }
  }

  Result<Selector::Compound> parse_compound() {
    Selector::Compound c;
    bool any = false;
    if (pos_ < s_.size() && s_[pos_] == '*') {
      ++pos_;
      any = true;
    } else if (pos_ < s_.size() && is_name_char(s_[pos_])) {
      c.tag = detail::to_lower_ascii(name());
      any = true;
    }
    while (pos_ < s_.size()) {
      char ch = s_[pos_];
      if (ch == '#' || ch == '.') {
        ++pos_;
        std::string n = name();
        if (n.empty()) return error(std::string("expected a name after '") + ch + "'");
        (ch == '#' ? c.ids : c.classes).push_back(std::move(n));
      } else if (ch == '[') {
        auto test = parse_attribute();
        if (!test) return std::unexpected(test.error());
        c.attributes.push_back(std::move(*test));
      } else {
        break;
      }
      any = true;
    }
    if (!any)
      return error(pos_ >= s_.size() ? "expected a selector at the end" : "expected a selector");
    return c;
  }

  Result<detail::AttributeTest> parse_attribute() {
    ++pos_;  // '['
    skip_spaces();
    detail::AttributeTest t;
    t.name = detail::to_lower_ascii(name());
    if (t.name.empty()) return error("expected an attribute name");
    skip_spaces();
    if (pos_ >= s_.size()) return error("unterminated '['");
    if (s_[pos_] == ']') {
      ++pos_;
      return t;
    }
    if (s_[pos_] == '=') {
      t.op = detail::AttributeTest::Op::Equals;
      ++pos_;
    } else if (s_.substr(pos_, 2) == "*=") {
      t.op = detail::AttributeTest::Op::Contains;
      pos_ += 2;
    } else if (s_.substr(pos_, 2) == "^=") {
      t.op = detail::AttributeTest::Op::Prefix;
      pos_ += 2;
    } else {
      return error("unsupported attribute operator");
    }
    skip_spaces();
    if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) {
      char quote = s_[pos_];
      std::size_t end = s_.find(quote, pos_ + 1);
      if (end == std::string_view::npos) return error("unterminated string");
      t.value = std::string(s_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
    } else {
      t.value = name();
      if (t.value.empty()) return error("expected an attribute value");
    }
    skip_spaces();
    if (pos_ >= s_.size() || s_[pos_] != ']') return error("expected ']'");
    ++pos_;
    return t;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool has_class(const GumboNode* e, const std::string& cls) {
  std::string value = attribute(e, "class");
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find_first_of(" \t\n\r\f", pos);
    if (end == std::string::npos) end = value.size();
    if (value.compare(pos, end - pos, cls) == 0 && end > pos) return true;
    pos = end + 1;
  }
  return false;
}

bool matches_compound(const Selector::Compound& c, const GumboNode* e) {
  if (!detail::is_element(e)) return false;
  if (!c.tag.empty() && detail::tag_name(e) != c.tag) return false;
  for (const auto& id : c.ids)
    if (attribute(e, "id") != id) return false;
  for (const auto& cls : c.classes)
    if (!has_class(e, cls)) return false;
  for (const auto& t : c.attributes) {
    const GumboAttribute* a = gumbo_get_attribute(&e->v.element.attributes, t.name.c_str());
    if (!a) return false;
    std::string_view v = a->value;
    switch (t.op) {
      case detail::AttributeTest::Op::Exists:
        break;
      case detail::AttributeTest::Op::Equals:
        if (v != t.value) return false;
        break;
      case detail::AttributeTest::Op::Contains:
        if (v.find(t.value) == std::string_view::npos) return false;
        break;
      case detail::AttributeTest::Op::Prefix:
        if (!detail::starts_with(v, t.value)) return false;
        break;
    }
  }
  return true;
}

// Compounds [0, i] against element e (which must match compound i), right to left. The
// recursion depth is bounded by the number of compounds, never by the document's depth.
bool matches_from(const Selector::Complex& c, std::size_t i, const GumboNode* e) {
  if (!matches_compound(c.compounds[i], e)) return false;
  if (i == 0) return true;
  const GumboNode* p = detail::parent_element(e);
  if (c.child[i]) return p && matches_from(c, i - 1, p);
  for (; p; p = detail::parent_element(p))
    if (matches_from(c, i - 1, p)) return true;
  return false;
}

}  // namespace

Result<Selector> Selector::parse(std::string_view text) {
  auto parsed = Parser(text).run();
  if (!parsed) return std::unexpected(parsed.error());
  Selector s;
  s.alternatives_ = std::make_shared<const std::vector<Complex>>(std::move(*parsed));
  return s;
}

bool Selector::matches(const GumboNode* element) const {
  if (!alternatives_ || !detail::is_element(element)) return false;
  for (const Complex& c : *alternatives_)
    if (matches_from(c, c.compounds.size() - 1, element)) return true;
  return false;
}

std::vector<const GumboNode*> Selector::select(const GumboNode* root) const {
  std::vector<const GumboNode*> out;
  detail::walk(root, [&](const GumboNode* n) {
    if (n != root && matches(n)) out.push_back(n);
    return detail::children_of(n) != nullptr;
  });
  return out;
}

}  // namespace headlined::parse
