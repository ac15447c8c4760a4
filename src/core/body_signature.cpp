#include "headlined/core/body_signature.hpp"

namespace headlined {

std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::vector<std::int64_t> band_keys_of(const std::vector<std::uint32_t>& sketch) {
  std::vector<std::int64_t> keys;
  if (sketch.size() < static_cast<std::size_t>(kBands * kBandRows)) return keys;
  keys.reserve(kBands);
  for (int b = 0; b < kBands; ++b) {
    std::uint64_t h = mix64(static_cast<std::uint64_t>(b) + 1);
    for (int r = 0; r < kBandRows; ++r)
      h = mix64(h ^ sketch[static_cast<std::size_t>(b * kBandRows + r)]);
    keys.push_back(static_cast<std::int64_t>(h));
  }
  return keys;
}

double resemblance(const BodySignature& a, const BodySignature& b) {
  if (a.empty() || b.empty() || a.sketch.size() != b.sketch.size()) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < a.sketch.size(); ++i) equal += a.sketch[i] == b.sketch[i];
  return static_cast<double>(equal) / static_cast<double>(a.sketch.size());
}

std::string sketch_to_bytes(const std::vector<std::uint32_t>& sketch) {
  std::string out;
  out.reserve(sketch.size() * 4);
  for (std::uint32_t v : sketch) {
    for (int shift = 0; shift < 32; shift += 8)
      out.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
  return out;
}

std::vector<std::uint32_t> sketch_from_bytes(std::string_view bytes) {
  if (bytes.size() != static_cast<std::size_t>(kSketchSize) * 4) return {};
  std::vector<std::uint32_t> out(kSketchSize);
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint32_t v = 0;
    for (int b = 0; b < 4; ++b)
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i * 4 + b])) << (8 * b);
    out[i] = v;
  }
  return out;
}

}  // namespace headlined
