#include "terms_json.hpp"

#include <nlohmann/json.hpp>

namespace headlined::store {

std::string terms_to_json(const std::vector<std::string>& terms) {
  // `replace` keeps a term with invalid UTF-8 from throwing; the matcher emits UTF-8 anyway.
  return nlohmann::json(terms).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> terms_from_json(const std::string& json) {
  std::vector<std::string> out;
  auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace headlined::store
