// The libFuzzer entry point for one target, chosen at compile time (HEADLINED_FUZZ_TARGET).

#include "targets/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return headlined::fuzz::HEADLINED_FUZZ_TARGET(data, size);
}
