#include "headlined/core/time.hpp"
#include "headlined/daemon/events.hpp"

namespace headlined::daemon {

void MetricsEventSink::source_polled(const PollReport& r) {
  metrics_.add("headlined_polls_total", 1,
               {{"outcome", !r.ok            ? "error"
                            : r.not_modified ? "not_modified"
                                             : "ok"}});
  next_.source_polled(r);
}

void MetricsEventSink::article_stored(const Snapshot& s, const std::vector<Match>& matches) {
  metrics_.add("headlined_articles_stored_total");
  metrics_.add("headlined_matches_total", static_cast<double>(matches.size()));
  next_.article_stored(s, matches);
}

void MetricsEventSink::article_failed(const std::string& source, const std::string& url,
                                      const std::string& error) {
  metrics_.add("headlined_articles_failed_total");
  next_.article_failed(source, url, error);
}

void MetricsEventSink::child_sitemap_failed(const std::string& source, const std::string& url,
                                            const std::string& error) {
  next_.child_sitemap_failed(source, url, error);
}

void MetricsEventSink::delivery_attempted(const notify::DispatchEvent& e) {
  const char* outcome = e.sent ? "sent" : e.dead ? "dead" : e.channel_paused ? "paused" : "retry";
  metrics_.add("headlined_delivery_attempts_total", 1,
               {{"channel", e.delivery.channel}, {"outcome", outcome}});
  if (e.sent && e.delivery.created_at > 0) {
    const auto latency = static_cast<double>(now_unix() - e.delivery.created_at);
    metrics_.observe("headlined_delivery_latency_seconds", latency < 0 ? 0 : latency,
                     {{"channel", e.delivery.channel}});
  }
  next_.delivery_attempted(e);
}

void MetricsEventSink::fetch_completed(const FetchReport& r) {
  const char* outcome = !r.ok ? "error" : r.not_modified ? "not_modified" : "ok";
  const char* kind = r.article ? "article" : "source";
  metrics_.add("headlined_fetches_total", 1, {{"kind", kind}, {"outcome", outcome}});
  metrics_.add("headlined_fetch_bytes_total", static_cast<double>(r.bytes));
  metrics_.observe("headlined_fetch_duration_seconds", r.seconds, {{"kind", kind}});
  next_.fetch_completed(r);
}

}  // namespace headlined::daemon
