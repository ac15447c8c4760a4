// Replays every fuzz target over its seed corpus (fuzz/corpus/<target>, plus the test
// fixtures that seed it) and over every crash input kept as a regression file
// (fuzz/regressions/<target>), in the ordinary build. A target aborts on a broken property,
// so a regression that comes back fails this test (as a crash).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "targets/targets.hpp"

namespace headlined::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = HEADLINED_SOURCE_DIR;

// Test fixtures that also seed a target's corpus (scripts/fuzz passes the same).
const std::map<std::string_view, std::vector<fs::path>>& fixture_seeds() {
  static const std::map<std::string_view, std::vector<fs::path>> seeds = {
      {"feed_parser", {kSource / "tests/fixtures/parse"}},
      {"sitemap_parser", {kSource / "tests/fixtures/parse"}},
      {"html_extraction", {kSource / "tests/fixtures/parse", kSource / "demo/site/articles"}},
      {"charset_decoding", {kSource / "tests/fixtures/text"}},
      {"config_loader", {kSource / "config"}},
  };
  return seeds;
}

std::vector<fs::path> inputs_for(std::string_view target) {
  std::vector<fs::path> folders = {kSource / "fuzz/corpus" / target,
                                   kSource / "fuzz/regressions" / target};
  if (auto seeds = fixture_seeds().find(target); seeds != fixture_seeds().end())
    folders.insert(folders.end(), seeds->second.begin(), seeds->second.end());
  std::vector<fs::path> files;
  for (const fs::path& folder : folders) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

class Replay : public ::testing::TestWithParam<NamedTarget> {};

TEST_P(Replay, EveryCorpusAndRegressionInputPasses) {
  const NamedTarget target = GetParam();
  const std::vector<fs::path> files = inputs_for(target.name);
  ASSERT_FALSE(files.empty()) << "no corpus for " << target.name;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string bytes = testing::read_file(file);
    EXPECT_EQ(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, Replay, ::testing::ValuesIn(kTargets),
                         [](const ::testing::TestParamInfo<NamedTarget>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace headlined::fuzz
