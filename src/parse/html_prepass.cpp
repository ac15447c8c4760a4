// One forward scan over the page that knows just enough of the HTML tokenizer (tags with
// their quoted attribute values, comments, the raw-text elements, the script states) to find
// where each construct ends exactly as gumbo will.

#include "headlined/parse/html_prepass.hpp"

#include <initializer_list>
#include <vector>

namespace headlined::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// HTML's white space. CR counts: the input stream turns it into LF before tokenizing.
bool is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (n == name) return true;
  return false;
}

// Elements that never hold children, or whose end tag the parser implies, so that their
// start tags do not deepen the tree for long.
bool does_not_nest(std::string_view name) {
  return is_one_of(
      name, {"area",   "base",  "br",     "col",   "embed", "hr",    "img",   "input", "link",
             "meta",   "param", "source", "track", "wbr",   "p",     "li",    "dt",    "dd",
             "option", "tr",    "td",     "th",    "tbody", "thead", "tfoot", "rt",    "rp"});
}

// Elements whose start tag switches the tokenizer to plain text up to their end tag
// (gumbo parses with scripting off, so <noscript> is not one of them).
bool holds_raw_text(std::string_view name) {
  return is_one_of(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                          "noframes", "plaintext"});
}

// Every attribute a step of extraction reads (src/parse: the field finders, the content
// scoring, the image and language lookups). One missing here reads as absent when a page is
// prepared with Attributes::ReadByExtraction; a selector override may name any attribute, so
// extraction with one keeps them all.
bool read_by_extraction(std::string_view name) {
  char lower[16];
  if (name.size() > sizeof lower) return false;
  for (std::size_t i = 0; i < name.size(); ++i) lower[i] = ascii_lower(name[i]);
  std::string_view n(lower, name.size());
  switch (n.size()) {
    case 2:
      return n == "id";
    case 3:
      return n == "src" || n == "rel" || n == "alt";
    case 4:
      return n == "href" || n == "type" || n == "lang" || n == "name";
    case 5:
      return n == "class" || n == "title" || n == "width";
    case 6:
      return n == "height";
    case 7:
      return n == "content" || n == "charset";
    case 8:
      return n == "datetime" || n == "property" || n == "itemprop" || n == "data-src" ||
             n == "itemtype" || n == "xml:lang";
    case 9:
      return n == "itemscope";
    case 10:
      return n == "http-equiv";
    default:
      return false;
  }
}

// One attribute as written: in_[start, end) from its name to its value's end.
struct AttributeSpan {
  std::size_t start = 0;
  std::size_t name_end = 0;
  std::size_t end = 0;
};

struct Tag {
  std::string name;  // lower-cased
  std::vector<AttributeSpan> spans;
  std::size_t attributes = 0;  // where the attributes start (just after the name)
  std::size_t end = npos;      // just after the closing '>'; npos when the page ends inside
  bool self_closing = false;
};

class Prepass {
 public:
  Prepass(std::string_view html, Attributes attributes)
      : in_(html.substr(0, kMaxHtmlBytes)), attributes_(attributes) {
    out_.reserve(in_.size());
  }

  std::string run() {
    while (pos_ < in_.size()) {
      std::size_t lt = in_.find('<', pos_);
      std::size_t text_end = lt == npos ? in_.size() : lt;
      if (foreign_depth_ > 0)
        keep_to(text_end);
      else
        keep_text_to(text_end);
      if (lt == npos) break;
      markup();
    }
    return std::move(out_);
  }

 private:
  void keep_to(std::size_t end) {
    out_.append(in_.substr(pos_, end - pos_));
    pos_ = end;
  }
  void drop_to(std::size_t end) { pos_ = end; }

  // Text up to `end`, each run of white space cut to its first character.
  void keep_text_to(std::size_t end) {
    std::size_t i = pos_;
    while (i < end) {
      while (i < end && !is_html_space(in_[i])) ++i;
      if (i + 1 < end && is_html_space(in_[i + 1])) {
        out_.append(in_.substr(pos_, i + 1 - pos_));
        i += 2;
        while (i < end && is_html_space(in_[i])) ++i;
        pos_ = i;
      } else {
        ++i;
      }
    }
    keep_to(end);
  }

  std::size_t after_next_gt(std::size_t from) const {
    std::size_t gt = in_.find('>', from);
    return gt == npos ? in_.size() : gt + 1;
  }

  // Whether in_[at...] is `name` (lower-case), any case, followed by white space, '/' or '>'
  // (the tokenizer's test for "an appropriate end tag" and for `<script` in script escapes).
  bool name_then_delimiter(std::size_t at, std::string_view name) const {
    if (at + name.size() >= in_.size()) return false;
    for (std::size_t k = 0; k < name.size(); ++k)
      if (ascii_lower(in_[at + k]) != name[k]) return false;
    char next = in_[at + name.size()];
    return is_html_space(next) || next == '/' || next == '>';
  }

  bool is_end_tag(std::size_t at, std::string_view name) const {
    return in_.compare(at, 2, "</") == 0 && name_then_delimiter(at + 2, name);
  }

  // The tag whose name starts at `at` (just after "<" or "</"), read by the tokenizer's
  // attribute states: quotes delimit a value only where a value starts.
  Tag read_tag(std::size_t at) const {
    Tag t;
    std::size_t i = at;
    while (i < in_.size() && !is_html_space(in_[i]) && in_[i] != '/' && in_[i] != '>')
      t.name += ascii_lower(in_[i++]);
    t.attributes = i;
    enum class State { BeforeName, Name, AfterName, BeforeValue, Unquoted, AfterQuoted, Slash };
    State s = State::BeforeName;
    while (i < in_.size()) {
      char c = in_[i];
      switch (s) {
        case State::BeforeName:
        case State::AfterName:
          if (c == '>') {
            t.end = i + 1;
            return t;
          }
          if (c == '/') {
            s = State::Slash;
          } else if (c == '=' && s == State::AfterName) {
            s = State::BeforeValue;
            t.spans.back().end = i + 1;
          } else if (!is_html_space(c)) {
            s = State::Name;  // '=' before any name starts one
            t.spans.push_back({i, i + 1, i + 1});
          }
          ++i;
          break;
        case State::Name:
          if (c == '>') {
            t.end = i + 1;
            return t;
          }
          if (is_html_space(c)) {
            s = State::AfterName;
          } else if (c == '/') {
            s = State::Slash;
          } else if (c == '=') {
            s = State::BeforeValue;
            t.spans.back().end = i + 1;
          } else {
            t.spans.back().name_end = t.spans.back().end = i + 1;
          }
          ++i;
          break;
        case State::BeforeValue:
          if (c == '>') {  // a missing value
            t.end = i + 1;
            return t;
          }
          if (c == '"' || c == '\'') {
            std::size_t close = in_.find(c, i + 1);
            if (close == npos) return t;
            i = close + 1;
            t.spans.back().end = i;
            s = State::AfterQuoted;
            break;
          }
          if (!is_html_space(c)) {
            s = State::Unquoted;
            t.spans.back().end = i + 1;
          }
          ++i;
          break;
        case State::Unquoted:
          if (c == '>') {
            t.end = i + 1;
            return t;
          }
          if (is_html_space(c))
            s = State::BeforeName;
          else
            t.spans.back().end = i + 1;
          ++i;
          break;
        case State::AfterQuoted:
          if (c == '>') {
            t.end = i + 1;
            return t;
          }
          if (c == '/')
            s = State::Slash, ++i;
          else if (is_html_space(c))
            s = State::BeforeName, ++i;
          else
            s = State::BeforeName;  // the character starts the next name
          break;
        case State::Slash:
          if (c == '>') {
            t.self_closing = true;
            t.end = i + 1;
            return t;
          }
          s = State::BeforeName;  // a stray '/': the character is read again
          break;
      }
    }
    return t;  // the page ends inside the tag
  }

  // Where the comment starting at `lt` ("<!--") ends: after the first "-->" or "--!>"; "<!-->"
  // and "<!--->" are whole (empty) comments; an unterminated one runs to the end.
  std::size_t comment_end(std::size_t lt) const {
    std::size_t i = lt + 4;
    if (in_.compare(i, 1, ">") == 0) return i + 1;
    if (in_.compare(i, 2, "->") == 0) return i + 2;
    for (std::size_t d = in_.find("--", i); d != npos; d = in_.find("--", d + 1)) {
      if (in_.compare(d + 2, 1, ">") == 0) return d + 3;
      if (in_.compare(d + 2, 2, "!>") == 0) return d + 4;
    }
    return in_.size();
  }

  // Where the text of a RAWTEXT or RCDATA element (style, title, ...) ends: at its end tag.
  std::size_t raw_text_end(std::size_t from, std::string_view name) const {
    for (std::size_t i = in_.find("</", from); i != npos; i = in_.find("</", i + 1))
      if (name_then_delimiter(i + 2, name)) return i;
    return in_.size();
  }

  // Where a script's text ends, by the tokenizer's script data states: at the first
  // `</script` + delimiter, unless a "<!--" has escaped the text and a `<script` inside the
  // escape has "double-escaped" it; then `</script` only ends the double escape, and "-->"
  // ends either escape.
  std::size_t script_end(std::size_t i) const {
    enum class State { Data, Escaped, Dash, DashDash, Double, DoubleDash, DoubleDashDash };
    State s = State::Data;
    while (i < in_.size()) {
      if (s == State::Data) {
        i = in_.find('<', i);
        if (i == npos) return in_.size();
        if (is_end_tag(i, "script")) return i;
        if (in_.compare(i, 4, "<!--") == 0) {
          s = State::DashDash;  // "<!-->" is escaped and done at once
          i += 4;
        } else {
          ++i;
        }
        continue;
      }
      bool twice = s == State::Double || s == State::DoubleDash || s == State::DoubleDashDash;
      char c = in_[i];
      if (c == '<') {
        if (!twice && is_end_tag(i, "script")) return i;
        if (!twice && name_then_delimiter(i + 1, "script")) {
          s = State::Double;
          i += 7;
          continue;
        }
        if (twice && is_end_tag(i, "script")) {
          s = State::Escaped;
          i += 8;
          continue;
        }
        s = twice ? State::Double : State::Escaped;
      } else if (c == '-') {
        if (s == State::Escaped || s == State::Double)
          s = twice ? State::DoubleDash : State::Dash;
        else
          s = twice ? State::DoubleDashDash : State::DashDash;
      } else if (c == '>' && (s == State::DashDash || s == State::DoubleDashDash)) {
        s = State::Data;
      } else {
        s = twice ? State::Double : State::Escaped;
      }
      ++i;
    }
    return in_.size();
  }

  // Counts the nesting a start tag opens; false when it would open one too deep.
  bool admit(const Tag& t) {
    if (t.self_closing || does_not_nest(t.name)) return true;
    if (depth_ >= kMaxHtmlDepth) return false;
    ++depth_;
    return true;
  }

  // At a '<'.
  void markup() {
    std::size_t lt = pos_;
    if (lt + 1 >= in_.size()) return keep_to(in_.size());
    char c = in_[lt + 1];
    if (c == '!') {
      if (in_.compare(lt, 4, "<!--") == 0) {
        std::size_t end = comment_end(lt);
        return foreign_depth_ > 0 ? keep_to(end) : drop_to(end);
      }
      if (foreign_depth_ > 0 && in_.compare(lt, 9, "<![CDATA[") == 0) {
        std::size_t close = in_.find("]]>", lt + 9);
        return keep_to(close == npos ? in_.size() : close + 3);
      }
      return keep_to(after_next_gt(lt + 2));  // a doctype or a bogus comment
    }
    if (c == '?') return keep_to(after_next_gt(lt + 2));  // a bogus comment
    if (c == '/') {
      if (lt + 2 < in_.size() && is_ascii_letter(in_[lt + 2])) return end_tag(lt);
      return keep_to(after_next_gt(lt + 2));  // "</>" or a bogus comment
    }
    if (is_ascii_letter(c)) return start_tag(lt);
    keep_to(lt + 1);  // a '<' that is text
  }

  void end_tag(std::size_t lt) {
    Tag t = read_tag(lt + 2);
    if (t.end == npos) return keep_to(in_.size());
    if (foreign_depth_ > 0 && (t.name == "svg" || t.name == "math")) --foreign_depth_;
    if (!does_not_nest(t.name) && !holds_raw_text(t.name) && depth_ > 0) --depth_;
    keep_to(t.end);
  }

  void start_tag(std::size_t lt) {
    Tag t = read_tag(lt + 1);
    if (t.end == npos) return keep_to(in_.size());  // gumbo drops a tag the page ends in
    if (foreign_depth_ > 0) {
      if (!t.self_closing && (t.name == "svg" || t.name == "math")) ++foreign_depth_;
      return admit(t) ? keep_to(t.end) : drop_to(t.end);
    }
    if (holds_raw_text(t.name)) return raw_text_element(t);
    if (!t.self_closing && (t.name == "svg" || t.name == "math")) foreign_depth_ = 1;
    if (!admit(t)) return drop_to(t.end);
    if (attributes_ == Attributes::ReadByExtraction && foreign_depth_ == 0)
      return keep_read_attributes(t);
    keep_to(t.end);
  }

  // The start tag with only the attributes extraction reads: gumbo copies every attribute's
  // name and value character by character, and pages carry long inline styles, event
  // handlers, data-* blobs and srcsets.
  void keep_read_attributes(const Tag& t) {
    bool all_read = true;
    for (const AttributeSpan& a : t.spans)
      all_read = all_read && read_by_extraction(in_.substr(a.start, a.name_end - a.start));
    if (all_read) return keep_to(t.end);
    out_.append(in_.substr(pos_, t.attributes - pos_));  // "<name"
    for (const AttributeSpan& a : t.spans) {
      if (!read_by_extraction(in_.substr(a.start, a.name_end - a.start))) continue;
      out_ += ' ';
      out_.append(in_.substr(a.start, a.end - a.start));
    }
    out_ += t.self_closing ? "/>" : ">";
    pos_ = t.end;
  }

  void raw_text_element(const Tag& t) {
    keep_to(t.end);
    if (t.name == "plaintext") return keep_to(in_.size());
    if (t.name == "script") {
      std::size_t end = script_end(t.end);
      std::string_view attributes = in_.substr(t.attributes, t.end - t.attributes);
      return reads_as_linked_data(attributes) ? keep_to(end) : drop_to(end);
    }
    std::size_t end = raw_text_end(t.end, t.name);
    t.name == "style" ? drop_to(end) : keep_to(end);
  }

  // JSON-LD, which the field finders read: any script whose attributes say "ld+json".
  static bool reads_as_linked_data(std::string_view attributes) {
    static constexpr std::string_view kNeedle = "ld+json";
    for (std::size_t i = 0; i + kNeedle.size() <= attributes.size(); ++i) {
      std::size_t k = 0;
      while (k < kNeedle.size() && ascii_lower(attributes[i + k]) == kNeedle[k]) ++k;
      if (k == kNeedle.size()) return true;
    }
    return false;
  }

  std::string_view in_;
  std::string out_;
  std::size_t pos_ = 0;    // in_[0, pos_) is done
  int depth_ = 0;          // open elements that nest, as counted by admit()
  int foreign_depth_ = 0;  // open <svg>/<math>: inside them everything is kept as it is
  const Attributes attributes_;
};

}  // namespace

std::string prepare_html(std::string_view html, Attributes attributes) {
  return Prepass(html, attributes).run();
}

}  // namespace headlined::parse
