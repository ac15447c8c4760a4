#include "headlined/core/time_zone.hpp"
#include "schema.hpp"

namespace headlined::config {

std::optional<std::string> time_zone_field(Reader& reader, const nlohmann::json& object,
                                           const std::string& pointer, std::string_view what) {
  auto zone = reader.string_field(object, pointer, "time_zone", Need::Optional, what);
  if (!zone) return std::nullopt;
  // Read the zone's file now: a name the daemon cannot use is a config error, not a
  // surprise at the first article or digest.
  if (!utc_offset(*zone, 0)) {
    reader.error_at_value(pointer_append(pointer, "time_zone"),
                          "unknown time zone \"" + *zone +
                              "\": use an IANA name such as \"Asia/Shanghai\", or \"UTC\"");
    return std::nullopt;
  }
  return zone;
}

}  // namespace headlined::config
