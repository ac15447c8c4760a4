#include "cli/version.hpp"

#include <curl/curl.h>
#include <libxml/parser.h>  // xmlParserVersion
#include <sqlite3.h>

#include <string>

// HEADLINED_VERSION, HEADLINED_GUMBO_VERSION and HEADLINED_OPENCC_VERSION come from CMake
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

}  // namespace

std::string version_text() {
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  std::string curl_line = std::string("  libcurl ") + curl->version;
  if (curl->ssl_version) curl_line += std::string(" (") + curl->ssl_version + ")";
  // gumbo and OpenCC have no call that reports their version: the one built against is shown.
  return std::string("headlined ") + HEADLINED_VERSION + "\n" + curl_line + "\n" + "  SQLite " +
         sqlite3_libversion() + "\n" + "  libxml2 " + dotted_libxml2_version() + "\n" + "  gumbo " +
         HEADLINED_GUMBO_VERSION + " (built against)\n" + "  OpenCC " + HEADLINED_OPENCC_VERSION +
         " (built against)\n";
}

}  // namespace headlined::cli
