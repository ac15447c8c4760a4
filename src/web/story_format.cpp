#include "headlined/web/story_format.hpp"

namespace headlined::web {

std::string format_story_text(const std::string& own_attribution,
                              const std::vector<store::StoryCopy>& copies,
                              const std::string& indent) {
  if (copies.empty()) return "";
  std::string out;
  const std::string outlet = store::original_outlet(own_attribution, copies);
  if (!outlet.empty()) out += indent + "original outlet: " + outlet + "\n";
  out += indent + "also published by:\n";
  for (const store::StoryCopy& c : copies)
    out += indent + "  " + c.source_name + "  " + c.url + (c.head ? "  (first copy)" : "") + "\n";
  return out;
}

nlohmann::json story_json(const std::string& own_attribution,
                          const std::vector<store::StoryCopy>& copies) {
  nlohmann::json list = nlohmann::json::array();
  for (const store::StoryCopy& c : copies) {
    list.push_back({{"id", c.id},
                    {"source", c.source_name},
                    {"url", c.url},
                    {"title", c.title},
                    {"head", c.head}});
  }
  return {{"original_outlet", store::original_outlet(own_attribution, copies)},
          {"also_published_by", list}};
}

}  // namespace headlined::web
