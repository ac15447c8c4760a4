#pragma once
// `headlined similar A B` (src/cli/command_similar.cpp): are two pages (files or URLs) the same
// story? Prints the resemblance of their bodies and the verdict; exits 0 for the same story,
// 1 for different ones, 2 for bad input (unreadable, or too little text to tell).

#include <CLI/CLI.hpp>

#include <string>

namespace headlined::cli {

struct SimilarOptions {
  std::string first;
  std::string second;
  bool json = false;
  CLI::App* command = nullptr;  // set by add_similar_command
};

void add_similar_command(CLI::App& app, SimilarOptions& options);
int command_similar(const SimilarOptions& options);

}  // namespace headlined::cli
