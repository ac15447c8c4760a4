#include "cli/version.hpp"

#include <curl/curl.h>
#include <libxml/parser.h>  // xmlParserVersion
#include <spdlog/version.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include <nlohmann/json.hpp>
#include <string>

// HEADLINED_VERSION and the HEADLINED_*_VERSION of gumbo, OpenCC and uchardet come from CMake
// (project(VERSION) and pkg-config), set on this file only so a version change rebuilds nothing
// else.

namespace headlined::cli {

namespace {

// libxml2 reports its run-time version as digits (20914 for 2.9.14).
std::string dotted_libxml2_version() {
  const int v = std::stoi(xmlParserVersion);
  return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
         std::to_string(v % 100);
}

std::string dotted(int major, int minor, int patch) {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string line(const std::string& library, const std::string& version) {
  return "  " + library + " " + version + "\n";
}

}  // namespace

std::string version_text() {
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  std::string curl_version = curl->version;
  if (curl->ssl_version) curl_version += std::string(" (") + curl->ssl_version + ")";
  // Run-time versions where the library reports one (libcurl, SQLite, libxml2, utf8proc);
  // nlohmann/json is header-only, so the version compiled in is the one running. gumbo,
  // OpenCC, uchardet and spdlog (a shared library without a version call) cannot say theirs:
  // the one built against is shown, marked as such.
  const std::string built = " (built against)";
  return std::string("headlined ") + HEADLINED_VERSION + "\n" + line("libcurl", curl_version) +
         line("SQLite", sqlite3_libversion()) + line("libxml2", dotted_libxml2_version()) +
         line("utf8proc", utf8proc_version()) +
         line("nlohmann/json", dotted(NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                      NLOHMANN_JSON_VERSION_PATCH)) +
         line("gumbo", HEADLINED_GUMBO_VERSION + built) +
         line("OpenCC", HEADLINED_OPENCC_VERSION + built) +
         line("uchardet", HEADLINED_UCHARDET_VERSION + built) +
         line("spdlog", dotted(SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH) + built);
}

std::string version_number() {
  return HEADLINED_VERSION;
}

}  // namespace headlined::cli
