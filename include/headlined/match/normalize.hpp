#pragma once
// The normalisation queries and article text both go through before matching: NFKC (full-
// and half-width forms equal), case folding, default-ignorables dropped (text::
// normalize_for_match), then Traditional -> Simplified Chinese character by character from
// OpenCC's t2s dictionary, so "招商引資" and "招商引资" are the same text.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace headlined::match {

std::string normalize(std::string_view utf8);

// As normalize(); origin[i] receives the byte offset in `utf8` that output byte i came from
// (output.size() + 1 entries: the last is utf8.size()), to cut snippets from the original.
std::string normalize(std::string_view utf8, std::vector<std::size_t>& origin);

// False when OpenCC's data (t2s.json) could not be loaded; matching then treats Traditional
// and Simplified characters as different.
bool traditional_to_simplified_available();

}  // namespace headlined::match
