// `headlined --version` names the project's version (the one in CMake's project()) and the
// versions of the libraries it runs with, as a bug report needs them.

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <libxml/xmlversion.h>
#include <spdlog/version.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>
#include <string>

#include "cli_fixture.hpp"

namespace headlined::cli {
namespace {

using testing::headlined;

// The line of `text` that starts with "  name ", without that prefix.
std::string library_line(const std::string& text, const std::string& name) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("  " + name + " ")) return line.substr(name.size() + 3);
  return "";
}

TEST(Version, FirstLineIsTheProjectVersion) {
  auto out = headlined("--version");
  EXPECT_EQ(out.status, 0);
  EXPECT_TRUE(out.out.starts_with(std::string("headlined ") + HEADLINED_PROJECT_VERSION + "\n"))
      << out.out;
}

TEST(Version, NamesTheLibrariesItRunsWith) {
  const std::string out = headlined("--version").out;
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  EXPECT_TRUE(library_line(out, "libcurl").starts_with(curl->version)) << out;
  EXPECT_EQ(library_line(out, "SQLite"), sqlite3_libversion()) << out;
  EXPECT_EQ(library_line(out, "libxml2"), LIBXML_DOTTED_VERSION) << out;
  EXPECT_EQ(library_line(out, "utf8proc"), utf8proc_version()) << out;
  // Header-only: the version compiled in is the one running.
  EXPECT_EQ(library_line(out, "nlohmann/json"), std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                                    std::to_string(NLOHMANN_JSON_VERSION_MINOR) +
                                                    "." +
                                                    std::to_string(NLOHMANN_JSON_VERSION_PATCH))
      << out;
  EXPECT_EQ(library_line(out, "spdlog"), std::to_string(SPDLOG_VER_MAJOR) + "." +
                                             std::to_string(SPDLOG_VER_MINOR) + "." +
                                             std::to_string(SPDLOG_VER_PATCH) + " (built against)")
      << out;
  // No run-time call reports these: the version built against, said as such.
  const std::regex built(R"(\d+\.\d+(\.\d+)? \(built against\))");
  EXPECT_TRUE(std::regex_match(library_line(out, "gumbo"), built)) << out;
  EXPECT_TRUE(std::regex_match(library_line(out, "OpenCC"), built)) << out;
  EXPECT_TRUE(std::regex_match(library_line(out, "uchardet"), built)) << out;
}

TEST(Version, ASubcommandIsStillRequiredWithoutIt) {
  auto out = headlined("2>&1");
  EXPECT_EQ(out.status, 2) << out.out;
  EXPECT_NE(out.out.find("subcommand"), std::string::npos) << out.out;
}

}  // namespace
}  // namespace headlined::cli
