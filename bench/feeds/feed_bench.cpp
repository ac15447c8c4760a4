// Feed parsing speed: every feed file (.xml, .rdf, .json) under a folder, decoded to UTF-8 and
// parsed the way `headlined parse-feed` does it, several rounds; beside it, in the same run,
// the floor any XML feed reader pays: libxml2 reading the same XML files into a tree.
// usage: feed_bench FEEDS_DIR [--rounds N]

#include <libxml/parser.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "headlined/parse/feed.hpp"
#include "headlined/text/charset.hpp"

namespace {

std::vector<std::string> read_feed_files(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".xml" || ext == ".rdf" || ext == ".json"))
      paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files.push_back(bytes.str());
  }
  return files;
}

// The fastest of `rounds` runs, in milliseconds: the least disturbed by other work.
double best_ms(int rounds, const std::function<void()>& run) {
  double best = 1e300;
  for (int i = 0; i < rounds; ++i) {
    auto start = std::chrono::steady_clock::now();
    run();
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: feed_bench FEEDS_DIR [--rounds N]\n");
    return 2;
  }
  int rounds = 5;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
  const std::vector<std::string> files = read_feed_files(argv[1]);
  double megabytes = 0;
  for (const auto& f : files) megabytes += static_cast<double>(f.size()) / 1e6;

  std::size_t items = 0, refused = 0;
  double headlined_ms = best_ms(rounds, [&] {
    items = refused = 0;
    for (const auto& bytes : files) {
      auto text = headlined::text::decode_to_utf8(bytes, "");
      auto feed = headlined::parse::parse_feed(text.utf8, "https://feeds.example/feed");
      if (feed)
        items += feed->items.size();
      else
        ++refused;
    }
  });
  double libxml2_ms = best_ms(rounds, [&] {
    for (const auto& bytes : files) {
      if (bytes.find('<') == std::string::npos) continue;  // JSON Feed
      xmlDoc* doc = xmlReadMemory(
          bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
          XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
      xmlFreeDoc(doc);
    }
  });
  std::printf("%zu files, %.2f MB, %zu items, %zu refused; best of %d rounds\n", files.size(),
              megabytes, items, refused, rounds);
  std::printf("headlined parse_feed   %8.1f ms  %6.1f MB/s\n", headlined_ms,
              megabytes / headlined_ms * 1000);
  std::printf("libxml2 tree only      %8.1f ms  %6.1f MB/s  (baseline: the floor)\n", libxml2_ms,
              megabytes / libxml2_ms * 1000);
  return 0;
}
