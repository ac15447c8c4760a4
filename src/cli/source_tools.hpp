#pragma once
// The sub-commands that try a source without a config: `extract`, `parse-feed`, `discover`.

#include <CLI/CLI.hpp>

#include <optional>

#include "cli/commands.hpp"

namespace headlined::cli {

class SourceTools {
 public:
  explicit SourceTools(CLI::App& app);
  // The exit status of the chosen sub-command, or nullopt when neither was chosen.
  std::optional<int> run_chosen() const;

 private:
  CLI::App* extract_;
  CLI::App* parse_feed_;
  CLI::App* discover_;
  ExtractOptions extract_options_;
  ParseFeedOptions parse_feed_options_;
  DiscoverOptions discover_options_;
};

}  // namespace headlined::cli
