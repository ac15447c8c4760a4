#pragma once
// A near-duplicate signature of an article body (docs/stories.md): a MinHash sketch of its
// shingles, and the LSH band keys the store looks candidates up by. match::sign_body makes it
// (it needs the text normalisation); the store only compares and indexes it, so it lives here.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace headlined {

struct BodySignature {
  // kSketchSize minimums, one per hash function; empty when the body was too short to sign
  // (such an article never joins or heads a story).
  std::vector<std::uint32_t> sketch;
  // Shingles in the body, repeats included (the sketch needs no de-duplicated list, so the
  // distinct ones are counted only for short bodies). Informational: stored in story_members
  // and shown by `headlined similar`, never compared; rows stored before held distinct ones.
  std::uint32_t shingles = 0;
  // One key per band of kBandRows minimums: two bodies share a key with probability J^rows.
  std::vector<std::int64_t> band_keys;

  bool empty() const { return sketch.empty(); }
};

inline constexpr int kSketchSize = 128;
inline constexpr int kBandRows = 2;
inline constexpr int kBands = 24;  // bands over the first kBands * kBandRows minimums

// splitmix64's finaliser: spreads the bits of x over the whole word. The sketch's hash
// functions and the band keys are built from it.
std::uint64_t mix64(std::uint64_t x);

// The LSH band keys of a sketch of kSketchSize minimums: band b hashes minimums
// [b * kBandRows, (b + 1) * kBandRows) with b itself.
std::vector<std::int64_t> band_keys_of(const std::vector<std::uint32_t>& sketch);

// Estimated Jaccard resemblance of the two bodies' shingle sets: the share of equal minimums.
// 0 when either is empty.
double resemblance(const BodySignature& a, const BodySignature& b);

// The resemblance at and above which two bodies are the same story. Chosen on half A of
// bench/stories and checked on half B (docs/stories.md has both).
inline constexpr double kSameStoryResemblance = 0.45;

inline bool same_story(double r) {
  return r >= kSameStoryResemblance;
}

// The sketch as bytes for the database (little-endian uint32s) and back; from_bytes returns
// an empty sketch for bytes of the wrong length.
std::string sketch_to_bytes(const std::vector<std::uint32_t>& sketch);
std::vector<std::uint32_t> sketch_from_bytes(std::string_view bytes);

}  // namespace headlined
