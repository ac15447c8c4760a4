#pragma once
// Bounds on the HTML gumbo is given: gumbo's tree building is quadratic in nesting depth
// (20,000 nested <div>s take seconds), so a hostile or broken page must not reach it as is.

#include <cstddef>
#include <string>
#include <string_view>

namespace headlined::parse::detail {

constexpr std::size_t kMaxHtmlBytes = 8 * 1024 * 1024;
constexpr int kMaxHtmlDepth = 400;

// The page cut at kMaxHtmlBytes, with the start tags that would open elements deeper than
// kMaxHtmlDepth left out (a cheap tag scan, not a parse: tags whose end is implied, like <p>
// and <li>, and void elements do not count). Pages within the bounds come back unchanged.
std::string bounded_html(std::string_view html);

}  // namespace headlined::parse::detail
