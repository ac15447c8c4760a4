// /feeds/NAME.atom?token=SECRET: a subscription's newest matches as Atom. The token is the
// subscription's "feed_token" from the config; a wrong or missing one, an unknown name or a
// subscription without a token all answer the same 404, so the URL reveals nothing.
#include "headlined/core/time.hpp"
#include "headlined/web/atom_feed.hpp"
#include "site.hpp"

namespace headlined::web {

namespace {

constexpr int kFeedEntries = 50;

// Compares in time that depends on the lengths only, not on where the first difference is.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

void serve_feed(Site& site, const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches[1].str();
  const std::string token = req.get_param_value("token");
  const Subscription* found = nullptr;
  for (const Subscription& sub : site.options.subscriptions)
    if (sub.name == name && !sub.feed_token.empty() && same_secret(sub.feed_token, token))
      found = &sub;
  if (!found) return send_error(site, res, 404, site.labels.not_found);

  ExportedFeed feed;
  feed.subscription = found->name;
  feed.generated_at = now_unix();
  feed.snapshot_link_base = site.options.settings.public_base_url;
  {
    auto reader = site.readers->lease();
    auto matches = reader->subscription_matches(found->name, kFeedEntries);
    if (!matches) return send_error(site, res, 503, site.labels.unavailable);
    feed.articles = std::move(*matches);
  }
  // The URL holds a secret: no shared cache may keep the feed.
  res.set_header("Cache-Control", "private, max-age=60");
  res.set_content(render_atom(feed), "application/atom+xml; charset=utf-8");
}

}  // namespace headlined::web
