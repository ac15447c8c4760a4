// `headlined extract URL|FILE... [--json]`: what the extractor makes of article pages, so a
// user can try a source before adding it (and the extraction bench can run the real binary).

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/document_input.hpp"
#include "headlined/core/time_zone.hpp"
#include "headlined/core/url.hpp"
#include "headlined/parse/extract.hpp"
#include "headlined/parse/published_zone.hpp"

namespace headlined::cli {

namespace {

nlohmann::json article_json(const Article& a, const std::string& input,
                            const std::string& charset) {
  return {{"input", input},
          {"url", a.url},
          {"charset", charset},
          {"title", a.title},
          {"subtitle", a.subtitle},
          {"byline", a.byline},
          {"author", parse::byline_names(a.byline)},
          {"attribution", a.attribution},
          {"published", a.published},
          {"lead_image", a.lead_image},
          {"body", a.body},
          {"body_html", a.body_html}};
}

void print_text(const Article& a) {
  auto field = [](const char* name, const std::string& value) {
    std::cout << name << value << '\n';
  };
  field("Title:       ", a.title);
  field("Subtitle:    ", a.subtitle);
  field("Byline:      ", a.byline);
  field("Attribution: ", a.attribution);
  field("Published:   ", a.published);
  field("Lead image:  ", a.lead_image);
  field("URL:         ", a.url);
  std::cout << '\n' << a.body << '\n';
}

}  // namespace

int command_extract(const ExtractOptions& options) {
  if (!options.time_zone.empty()) {
    if (auto zone = utc_offset(options.time_zone, 0); !zone) {
      std::cerr << "headlined extract: --time-zone: " << zone.error().to_string() << '\n';
      return 2;
    }
  }
  Source::Overrides overrides;
  overrides.title = options.title_selector;
  overrides.body = options.body_selector;
  overrides.drop = options.drop_selector;
  int status = EXIT_SUCCESS;
  bool first = true;
  for (const std::string& input : options.inputs) {
    auto doc = read_document(input, options.base_url);
    if (!doc) {
      std::cerr << "headlined extract: " << doc.error().to_string() << '\n';
      status = EXIT_FAILURE;
      continue;
    }
    std::string url = doc->url.empty() ? "" : canonical_url(doc->url);
    Article article = parse::extract_article(doc->utf8, url, overrides);
    parse::apply_time_zone(article, options.time_zone);
    if (options.json) {
      // One object per line: several inputs make JSON Lines.
      std::cout << article_json(article, input, doc->charset)
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    } else {
      if (!first) std::cout << "\n----\n\n";
      print_text(article);
    }
    first = false;
  }
  return status;
}

}  // namespace headlined::cli
