#pragma once
// Fuzz targets: each takes arbitrary bytes and must neither crash, hang, leak nor break the
// property it checks (a failed property aborts, which the fuzzer reports as a crash). The
// same functions run under libFuzzer (fuzz/, clang) and as replay tests over the corpora and
// every crash input kept (tests/fuzz_replay, the ordinary build).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace headlined::fuzz {

using Target = int (*)(const std::uint8_t* data, std::size_t size);

int feed_parser(const std::uint8_t* data, std::size_t size);
int sitemap_parser(const std::uint8_t* data, std::size_t size);
int html_extraction(const std::uint8_t* data, std::size_t size);
int selector_parser(const std::uint8_t* data, std::size_t size);
int query_parser(const std::uint8_t* data, std::size_t size);
int config_loader(const std::uint8_t* data, std::size_t size);
int charset_decoding(const std::uint8_t* data, std::size_t size);
int url_canonicalisation(const std::uint8_t* data, std::size_t size);
int email_header(const std::uint8_t* data, std::size_t size);

struct NamedTarget {
  std::string_view name;  // also the corpus folder: fuzz/corpus/<name>
  Target run;
};

inline constexpr NamedTarget kTargets[] = {
    {"feed_parser", feed_parser},           {"sitemap_parser", sitemap_parser},
    {"html_extraction", html_extraction},   {"selector_parser", selector_parser},
    {"query_parser", query_parser},         {"config_loader", config_loader},
    {"charset_decoding", charset_decoding}, {"url_canonicalisation", url_canonicalisation},
    {"email_header", email_header},
};

// Aborts with a message when a property does not hold (fuzzers report it as a crash).
void require(bool condition, const char* what);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace headlined::fuzz
