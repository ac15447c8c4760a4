// The near-duplicate signature: a reprint (other script, editor's note, cut ending) resembles
// its original above the same-story threshold; another report on the same subject does not.

#include "headlined/match/near_duplicate.hpp"

#include <gtest/gtest.h>

#include <string>

#include "headlined/match/normalize.hpp"
#include "support/story_texts.hpp"

namespace headlined::match {
namespace {

using headlined::testing::kHarbourFollowUp;
using headlined::testing::kHarbourReport;
using headlined::testing::kHarbourReprint;

TEST(NearDuplicate, SignatureIsStableAndComplete) {
  const BodySignature a = sign_body(kHarbourReport);
  const BodySignature b = sign_body(kHarbourReport);
  ASSERT_EQ(a.sketch.size(), static_cast<std::size_t>(kSketchSize));
  EXPECT_EQ(a.band_keys.size(), static_cast<std::size_t>(kBands));
  EXPECT_EQ(a.sketch, b.sketch);
  EXPECT_EQ(a.band_keys, b.band_keys);
  EXPECT_DOUBLE_EQ(resemblance(a, b), 1.0);
  EXPECT_EQ(sketch_from_bytes(sketch_to_bytes(a.sketch)), a.sketch);
}

TEST(NearDuplicate, ReprintInTraditionalWithNoteAndCutEndingIsTheSameStory) {
  const double r = resemblance(sign_body(kHarbourReport), sign_body(kHarbourReprint));
  EXPECT_TRUE(same_story(r)) << r;
}

TEST(NearDuplicate, AnotherReportOnTheSameSubjectIsADifferentStory) {
  const double r = resemblance(sign_body(kHarbourReport), sign_body(kHarbourFollowUp));
  EXPECT_FALSE(same_story(r)) << r;
  EXPECT_LT(r, 0.2);
}

TEST(NearDuplicate, LatinTextIsShingledByWordsAndCaseFolded) {
  const std::string body =
      "The harbour reopened on Monday after three months of repairs to the outer wall, which "
      "the August storm had broken over a length of one hundred and twenty metres. Twelve "
      "cargo ships called on the first day and unloaded more than three thousand tonnes.";
  std::string shouted = body;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_DOUBLE_EQ(resemblance(sign_body(body), sign_body(shouted)), 1.0);
  const std::string other =
      "The city council approved the budget for next year on Tuesday, with more money for "
      "schools and libraries and less for road building, after a debate that lasted until "
      "well after midnight and ended with a narrow vote of eleven to ten.";
  EXPECT_FALSE(same_story(resemblance(sign_body(body), sign_body(other))));
}

TEST(NearDuplicate, TooShortABodyIsNotSigned) {
  EXPECT_TRUE(sign_body("东港码头复航。").empty());
  EXPECT_TRUE(sign_body("").empty());
  EXPECT_DOUBLE_EQ(resemblance(sign_body(""), sign_body(kHarbourReport)), 0.0);
}

// `tokens` Latin words in a cycle of `distinct` different ones: the body has `distinct`
// distinct shingles however long it is (for distinct >= kShingleTokens).
std::string cycling_words(int distinct, int tokens) {
  std::string body;
  for (int i = 0; i < tokens; ++i) body += "w" + std::to_string(i % distinct) + " ";
  return body;
}

TEST(NearDuplicate, TheShortBodyRuleCountsDistinctShinglesNotRepeats) {
  // Many shingles but few distinct ones (a line repeated): the sketch fills few bins and the
  // rule is decided by an exact count.
  EXPECT_TRUE(sign_body(cycling_words(kMinShingles - 1, 2000)).empty());
  const BodySignature signed_body = sign_body(cycling_words(kMinShingles, 2000));
  ASSERT_FALSE(signed_body.empty());
  // `shingles` counts them with repeats: what a stored row's column holds.
  EXPECT_EQ(signed_body.shingles, 2000u - kShingleTokens + 1);
  // Short, all distinct: one shingle fewer than needed, then just enough.
  EXPECT_TRUE(sign_body(cycling_words(1000, kMinShingles + kShingleTokens - 2)).empty());
  EXPECT_FALSE(sign_body(cycling_words(1000, kMinShingles + kShingleTokens - 1)).empty());
}

TEST(NearDuplicate, SigningTheNormalisedBodyIsSigningTheBody) {
  // The pipeline signs the body its matcher normalised; `headlined similar` signs the raw
  // body. Both must give one signature, or a copy would not find its original.
  for (const std::string& body : {kHarbourReport, kHarbourReprint, kHarbourFollowUp}) {
    const BodySignature raw = sign_body(body);
    const BodySignature normalised = sign_normalised_body(normalize(body));
    EXPECT_EQ(raw.sketch, normalised.sketch);
    EXPECT_EQ(raw.band_keys, normalised.band_keys);
    EXPECT_EQ(raw.shingles, normalised.shingles);
  }
}

TEST(NearDuplicate, SketchesStoredByEarlierVersionsStayComparable) {
  // Stored sketches are compared with new ones for the whole story window: a change to how
  // sign_body computes them (its speed-ups included) must leave every value as it was. These
  // are kHarbourReport's first minimums and a digest of all of them as the first version
  // stored them.
  const BodySignature s = sign_body(kHarbourReport);
  ASSERT_EQ(s.sketch.size(), static_cast<std::size_t>(kSketchSize));
  const std::vector<std::uint32_t> first(s.sketch.begin(), s.sketch.begin() + 4);
  EXPECT_EQ(first, (std::vector<std::uint32_t>{290521637u, 1898347993u, 1287821138u, 2315803025u}));
  std::uint64_t digest = 0;
  for (std::uint32_t v : s.sketch) digest = mix64(digest ^ v);
  EXPECT_EQ(digest, 3763324990364247980u);
}

}  // namespace
}  // namespace headlined::match
