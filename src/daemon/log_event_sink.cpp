#include <spdlog/spdlog.h>

#include "headlined/daemon/events.hpp"

namespace headlined::daemon {

void LogEventSink::source_polled(const PollReport& r) {
  if (!r.ok) {
    spdlog::warn("source '{}' failed: {}", r.source, r.error);
  } else if (r.not_modified) {
    spdlog::info("source '{}': not modified", r.source);
  } else {
    spdlog::info("source '{}': {} links, {} new, {} already stored, {} failed", r.source, r.items,
                 r.stored, r.skipped, r.failed);
  }
}

void LogEventSink::source_discovered(const std::string& source, const std::string& kind,
                                     const std::string& url, const std::string& reason) {
  spdlog::info("source '{}': discovered {} {} ({})", source, kind, url, reason);
}

void LogEventSink::feed_item_skipped(const std::string& source, const std::string& link,
                                     const std::string& reason) {
  spdlog::debug("source '{}': feed item '{}' not fetched: {}", source, link, reason);
}

void LogEventSink::article_stored(const Snapshot& s, const std::vector<Match>& matches) {
  spdlog::info("stored #{} '{}' ({}), {} subscription(s) matched", s.id, s.article.title,
               s.article.url, matches.size());
}

void LogEventSink::article_failed(const std::string& source, const std::string& url,
                                  const std::string& error) {
  spdlog::warn("source '{}': article {} skipped: {}", source, url, error);
}

void LogEventSink::child_sitemap_failed(const std::string& source, const std::string& url,
                                        const std::string& error) {
  spdlog::warn("source '{}': child sitemap {} skipped this poll: {}", source, url, error);
}

void LogEventSink::delivery_attempted(const notify::DispatchEvent& e) {
  if (e.channel_paused) {
    // An error, not a warning: nothing goes through this channel until an admin acts.
    spdlog::error(
        "{} (deliveries wait, pending; tried again hourly, on reload, or after `headlined "
        "redeliver --channel {}`)",
        e.error, e.delivery.channel);
    return;
  }
  if (e.channel_resumed) spdlog::info("channel '{}' takes messages again", e.delivery.channel);
  if (e.sent) {
    spdlog::info("delivery #{} sent via '{}' ({})", e.delivery.id, e.delivery.channel,
                 e.delivery.subscription);
  } else {
    spdlog::warn("delivery #{} via '{}' {}: {}", e.delivery.id, e.delivery.channel,
                 e.dead ? "is dead" : "will be retried", e.error);
  }
}

}  // namespace headlined::daemon
