// The "web" object: the read-only web front's listener, public address, site name, contact
// and page language (docs/web.md).
#include "schema.hpp"

namespace headlined::config {

void read_web(Reader& reader, const nlohmann::json& root, std::optional<WebSettings>& web) {
  auto it = root.find("web");
  if (it == root.end()) return;
  const std::string at = "/web";
  if (!reader.expect_object(*it, at, "'web'")) return;
  const nlohmann::json& object = *it;
  const std::string what = "'web'";
  reader.check_keys(object, at, {"listen", "public_base_url", "site_name", "contact", "language"},
                    what);
  WebSettings settings;
  if (auto listen = reader.string_field(object, at, "listen", Need::Required, what)) {
    if (valid_listen_address(*listen))
      settings.listen = *listen;
    else
      reader.error_at_value(pointer_append(at, "listen"),
                            "'listen' must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  if (auto base = reader.http_url_field(object, at, "public_base_url", Need::Optional, what)) {
    while (base->ends_with('/')) base->pop_back();
    settings.public_base_url = *base;
  }
  if (auto name = reader.string_field(object, at, "site_name", Need::Optional, what))
    settings.site_name = *name;
  if (auto contact = reader.string_field(object, at, "contact", Need::Optional, what))
    settings.contact = *contact;
  if (auto language = reader.string_field(object, at, "language", Need::Optional, what)) {
    if (*language == "zh" || *language == "en")
      settings.language = *language;
    else
      reader.error_at_value(pointer_append(at, "language"),
                            "'language' must be \"zh\" or \"en\", not \"" + *language + "\"");
  }
  web = settings;
}

}  // namespace headlined::config
