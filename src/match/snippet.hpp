#pragma once
// Snippets: a short piece of the original text around a hit, for the notification.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace headlined::match {

// About this many code points of original text, plus "…" at cut ends.
constexpr std::size_t kSnippetWidth = 80;

// Cuts about `width` code points of `paragraph` around the bytes [hit_begin, hit_end),
// marking cut ends with "…"; a third of the room goes before the hit. Never splits a UTF-8
// sequence; the work is proportional to `width`, not to the paragraph. Bad bytes in the
// paragraph stay: the caller cleans the result when its text was not valid UTF-8.
// `valid_utf8`: the caller knows the paragraph is valid UTF-8, so code points are stepped over
// by their lead byte's length alone (the same cut as decoding each, with less work).
std::string cut_snippet(std::string_view paragraph, std::size_t hit_begin, std::size_t hit_end,
                        std::size_t width = kSnippetWidth, bool valid_utf8 = false);

// The snippet for a hit at normalised bytes [begin, end) of a field whose original text is
// `original` and whose normalisation recorded `origin` (one entry per normalised byte and a
// last one holding original.size(), as match::normalize gives them): cut from the original
// line (paragraph) holding the hit. `valid_utf8` as for cut_snippet.
std::string snippet_at(std::string_view original, std::span<const std::uint32_t> origin,
                       std::size_t begin, std::size_t end, bool valid_utf8 = false);

// When no hit is in the title or body: the start of the first non-empty line.
std::string leading_snippet(std::string_view original);

}  // namespace headlined::match
