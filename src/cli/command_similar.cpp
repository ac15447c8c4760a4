// `headlined similar A B`: the story check the store makes when an article arrives, on two
// pages of the admin's choice, to see why two copies were (or were not) put in one story.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <optional>

#include "cli/document_input.hpp"
#include "cli/similar.hpp"
#include "headlined/match/near_duplicate.hpp"
#include "headlined/parse/extract.hpp"

namespace headlined::cli {

namespace {

constexpr int kSame = 0;
constexpr int kDifferent = 1;
constexpr int kBadInput = 2;

struct Signed {
  Article article;
  BodySignature signature;
};

// The page's extracted body and its signature, or an error message naming the input.
std::optional<Signed> sign_page(const std::string& target, std::string& error) {
  auto document = read_document(target, "");
  if (!document) {
    error = document.error().to_string();  // names the file or URL already
    return std::nullopt;
  }
  Signed out;
  out.article = parse::extract_article(document->utf8, document->url);
  out.signature = match::sign_body(out.article.body);
  if (out.signature.empty()) {
    error = target + ": too little article text to compare (fewer than " +
            std::to_string(match::kMinShingles) + " distinct " +
            std::to_string(match::kShingleTokens) + "-token shingles in its body)";
    return std::nullopt;
  }
  return out;
}

}  // namespace

void add_similar_command(CLI::App& app, SimilarOptions& options) {
  options.command = app.add_subcommand(
      "similar", "are two pages (files or URLs) the same story? exit 0 same, 1 different, 2 bad");
  options.command->add_option("first", options.first, "article page: file or URL")->required();
  options.command->add_option("second", options.second, "article page: file or URL")->required();
  options.command->add_flag("--json", options.json, "print JSON");
}

int command_similar(const SimilarOptions& options) {
  std::string error;
  auto first = sign_page(options.first, error);
  if (!first) {
    std::cerr << "headlined similar: " << error << "\n";
    return kBadInput;
  }
  auto second = sign_page(options.second, error);
  if (!second) {
    std::cerr << "headlined similar: " << error << "\n";
    return kBadInput;
  }
  const double r = resemblance(first->signature, second->signature);
  const bool same = same_story(r);
  if (options.json) {
    nlohmann::json j = {
        {"resemblance", r},
        {"threshold", kSameStoryResemblance},
        {"same_story", same},
        {"first", {{"title", first->article.title}, {"shingles", first->signature.shingles}}},
        {"second", {{"title", second->article.title}, {"shingles", second->signature.shingles}}}};
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    char figure[32];
    std::snprintf(figure, sizeof figure, "%.3f", r);
    std::cout << "resemblance " << figure << " (same story at " << kSameStoryResemblance
              << " or more): " << (same ? "same story" : "different stories") << "\n";
  }
  return same ? kSame : kDifferent;
}

}  // namespace headlined::cli
