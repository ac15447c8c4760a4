#pragma once
// What HtmlDocument gives gumbo: the page with the bytes no step of ours reads taken out, and
// bounded. gumbo tokenises every byte one character at a time (every character of text is a
// token of its own), so inline scripts, style sheets, comments and the indentation between
// tags cost parsing time that nothing uses; and its tree building is quadratic in nesting
// depth (20,000 nested <div>s take seconds), so a hostile or broken page must not reach it as
// is.
//
// The scan follows the HTML tokenizer's rules for where each construct ends (WHATWG HTML,
// "Tokenization"), so the tree gumbo builds is the same but for what was taken out:
// - comments (`<!--` to the first `-->` or `--!>`; `<!-->` and `<!--->` are whole ones);
// - the bodies of <style> and of <script> elements other than JSON-LD (`type` naming
//   ld+json, which the field finders read); a script ends at the first `</script` followed by
//   white space, `/` or `>`, except inside the `<!--` ... `<script>` ... `-->` escapes the
//   tokenizer's script states keep open, and an unterminated one runs to the end;
// - every run of white space in text becomes its first character (all text is read with
//   white space collapsed, and a run stays white space, so no node changes its kind);
// - with Attributes::ReadByExtraction, the attributes no step of extraction reads.
// Left exactly as they are: tags (and otherwise their attributes), the text of <title>, <textarea>,
// <xmp>, <iframe>, <noembed>, <noframes> and <plaintext>, doctypes and other `<!`/`<?`
// declarations, and everything inside <svg> and <math> (whose own rules differ: a <style>
// there is markup, CDATA sections exist).

#include <cstddef>
#include <string>
#include <string_view>

namespace headlined::parse {

// Bytes of a page parsed at most; the rest is cut.
constexpr std::size_t kMaxHtmlBytes = 8 * 1024 * 1024;
// Start tags that would open elements deeper than this are left out (a tag count, not a
// parse: tags whose end is implied, like <p> and <li>, and void elements do not count), so
// their text stays and the markup after the deep part is still read.
constexpr int kMaxHtmlDepth = 400;

// Which attributes of start tags outside <svg>/<math> reach gumbo.
enum class Attributes {
  All,
  // Only those some step of extraction reads (class, id, href, src, content, datetime, ...):
  // for extraction without selector overrides, which may name any attribute.
  ReadByExtraction,
};

// The page as above. A page whose bytes hold none of these comes back unchanged.
std::string prepare_html(std::string_view html, Attributes attributes = Attributes::All);

}  // namespace headlined::parse
