#include "schema.hpp"

namespace headlined::config {

bool UniqueNames::add(Reader& reader, const std::string& name, const std::string& name_pointer) {
  Position pos = reader.value_pos(name_pointer);
  auto [it, inserted] = first_.emplace(name, pos);
  if (inserted) return true;
  reader.error_at(pos, "duplicate " + kind_ + " name '" + name + "' (first defined at line " +
                           std::to_string(it->second.line) + ", column " +
                           std::to_string(it->second.column) + ")");
  return false;
}

const nlohmann::json* section_array(Reader& reader, const nlohmann::json& root,
                                    std::string_view key) {
  auto it = root.find(key);
  if (it == root.end()) return nullptr;
  if (!it->is_array()) {
    reader.error_at_value(pointer_append("", key),
                          "'" + std::string(key) + "' must be an array, not " + describe_type(*it));
    return nullptr;
  }
  return &*it;
}

void read_top_level(Reader& reader, const nlohmann::json& root, Config& config) {
  reader.check_keys(root, "",
                    {"database", "user_agent", "workers", "sources", "channels", "subscriptions"},
                    "the config");
  const std::string what = "the config";
  if (auto db = reader.string_field(root, "", "database", Need::Optional, what))
    config.database = *db;
  if (auto ua = reader.string_field(root, "", "user_agent", Need::Optional, what))
    config.user_agent = *ua;
  if (auto w = reader.int_field(root, "", "workers", 1, 256, Need::Optional, what))
    config.workers = static_cast<int>(*w);
}

}  // namespace headlined::config
