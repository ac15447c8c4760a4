#pragma once
// The text of feed elements. Feed titles arrive as plain text, as escaped HTML, as inline
// markup, or (Atom 0.3) base64- or escape-encoded; a subscriber wants the words only.

#include <libxml/tree.h>

#include <string>

namespace headlined::parse::detail {

std::string xml_content(const xmlNode* n);
std::string xml_attr(const xmlNode* n, const char* name);
// Whether the attribute is written at all (an empty value counts).
bool xml_has_attr(const xmlNode* n, const char* name);

// The markup inside an element as written: the serialised child nodes when it holds elements
// (Atom type="xhtml", stray inline tags), else its text, which is escaped HTML or plain text.
// Base64 (Atom 0.3 mode="base64", Atom 1.0 binary media types) is decoded first.
std::string element_markup(const xmlNode* n);

// The element's words, white space collapsed. Atom text (type="text", the default) is literal;
// anything else is element_markup read as HTML: tags stripped, entities decoded, the text of
// <script>, <style>, <object> and comments dropped. Text without a complete tag is not
// markup, so "A<B" keeps its "<".
std::string element_text(const xmlNode* n);

// Plain text of an HTML fragment (or of text that holds no tag), as element_text does it.
std::string html_text(const std::string& html);

}  // namespace headlined::parse::detail
