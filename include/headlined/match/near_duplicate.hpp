#pragma once
// The near-duplicate signature of an article body (docs/stories.md). The body goes through
// the matcher's normalisation (NFKC, case folding, Traditional -> Simplified), then splits
// into tokens: each CJK character is one token, each run of other letters and digits (a
// Latin word) is one; punctuation and spaces only separate. A shingle is kShingleTokens
// consecutive tokens, so Chinese text is shingled by characters and Latin text by words
// without a language switch, and mixed text works too.

#include <string_view>

#include "headlined/core/body_signature.hpp"

namespace headlined::match {

inline constexpr int kShingleTokens = 4;
// Bodies with fewer distinct shingles are not signed: a two-line brief shares too much with
// other briefs to tell a reprint from a coincidence.
inline constexpr int kMinShingles = 30;

BodySignature sign_body(std::string_view body);

// As sign_body, for a body already through match::normalize: the daemon's pipeline passes
// the text its matcher normalised, so the body is normalised once per article, not twice.
BodySignature sign_normalised_body(std::string_view normalised);

}  // namespace headlined::match
