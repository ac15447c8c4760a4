#pragma once
// A story's other copies as people and scripts see them (docs/stories.md): "also published
// by" with each copy's source and URL, and the original outlet where a page names one (the
// 本文转自 attribution). Used by `show`, `search`, `export` and the snapshot page.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "headlined/store/store.hpp"

namespace headlined::web {

// Lines for a terminal ("" when the snapshot has no other copies):
//   original outlet: 淄博日报
//   also published by:
//     SOURCE  URL
std::string format_story_text(const std::string& own_attribution,
                              const std::vector<store::StoryCopy>& copies,
                              const std::string& indent = "");

// {"original_outlet": "...", "also_published_by": [{"id", "source", "url", "title", "head"}]}
nlohmann::json story_json(const std::string& own_attribution,
                          const std::vector<store::StoryCopy>& copies);

}  // namespace headlined::web
