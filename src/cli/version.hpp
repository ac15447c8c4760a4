#pragma once
// `headlined --version`: the project's version and those of the libraries that decide how
// pages are fetched, parsed, stored and converted, so a bug report says what was running.

#include <string>

namespace headlined::cli {

// First line "headlined X.Y.Z" (help2man reads it for the man page), then one line per library.
std::string version_text();
// "X.Y.Z" alone: what a node records with its heartbeat.
std::string version_number();

}  // namespace headlined::cli
