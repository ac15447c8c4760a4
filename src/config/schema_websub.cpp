// The "websub" object (the WebSub subscriber's listener, public address, lease, safety-net
// poll, verification timeout and push size limit) and the "polling" object (the adaptive
// interval's default bounds). docs/sources.md describes both.
#include "schema.hpp"

namespace headlined::config {

void read_websub(Reader& reader, const nlohmann::json& root,
                 std::optional<WebSubSettings>& websub) {
  auto it = root.find("websub");
  if (it == root.end()) return;
  const std::string at = "/websub";
  if (!reader.expect_object(*it, at, "'websub'")) return;
  const nlohmann::json& object = *it;
  const std::string what = "'websub'";
  reader.check_keys(
      object, at,
      {"listen", "public_base_url", "lease", "safety_poll", "verify_timeout", "max_body_bytes"},
      what);
  WebSubSettings settings;
  if (auto listen = reader.string_field(object, at, "listen", Need::Required, what)) {
    if (valid_listen_address(*listen))
      settings.listen = *listen;
    else
      reader.error_at_value(pointer_append(at, "listen"),
                            "'listen' must be HOST:PORT, e.g. 127.0.0.1:8090");
  }
  // Required: a hub must reach the callback, and only the admin knows from where.
  if (auto base = reader.http_url_field(object, at, "public_base_url", Need::Required, what)) {
    while (base->ends_with('/')) base->pop_back();
    settings.public_base_url = *base;
  }
  if (auto lease = reader.duration_field(object, at, "lease", Need::Optional, what))
    settings.lease = *lease;
  if (auto poll = reader.duration_field(object, at, "safety_poll", Need::Optional, what))
    settings.safety_poll = *poll;
  if (auto wait = reader.duration_field(object, at, "verify_timeout", Need::Optional, what))
    settings.verify_timeout = *wait;
  if (auto max = reader.int_field(object, at, "max_body_bytes", 1024, 64 * 1024 * 1024,
                                  Need::Optional, what))
    settings.max_body_bytes = *max;
  websub = settings;
}

void read_polling(Reader& reader, const nlohmann::json& root, PollingSettings& polling) {
  auto it = root.find("polling");
  if (it == root.end()) return;
  const std::string at = "/polling";
  if (!reader.expect_object(*it, at, "'polling'")) return;
  const std::string what = "'polling'";
  reader.check_keys(*it, at, {"min_interval", "max_interval"}, what);
  if (auto min = reader.duration_field(*it, at, "min_interval", Need::Optional, what))
    polling.min_interval = *min;
  if (auto max = reader.duration_field(*it, at, "max_interval", Need::Optional, what))
    polling.max_interval = *max;
  if (polling.min_interval > polling.max_interval)
    reader.error_at_value(pointer_append(at, "max_interval"),
                          "'max_interval' is shorter than 'min_interval'");
}

}  // namespace headlined::config
