#pragma once
// The value types that flow between modules. They carry no behaviour beyond small helpers,
// so every module can use them without depending on another.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "headlined/core/body_signature.hpp"

namespace headlined {

// Seconds since the Unix epoch, UTC. Stored as is in the database.
using UnixTime = std::int64_t;

// Auto: find out on the first poll (daemon/discovery.hpp) which of the others the URL is.
enum class SourceKind { Feed, ListPage, Sitemap, Auto };

struct Source {
  std::string name;
  SourceKind kind = SourceKind::Feed;
  std::string url;
  std::chrono::seconds interval{300};
  // For list pages: the CSS selector (subset) picking the article links; empty = all links
  // on the same site that look like articles.
  std::string link_selector;
  // At most this many new articles are fetched per poll, newest first.
  int max_articles_per_poll = 50;
  // Candidate article URLs (from any source type) must contain one of the include patterns
  // (when any are given) and none of the exclude patterns. A pattern is a substring in which
  // '*' matches any run of characters.
  std::vector<std::string> include_urls;
  std::vector<std::string> exclude_urls;
  // Per-source selectors (CSS subset) for sites where the general extractor is wrong; an
  // empty selector leaves that field to the extractor. `drop` removes elements before
  // extraction.
  struct Overrides {
    std::string title;
    std::string body;
    std::string author;
    std::string time;
    std::string attribution;
    std::string drop;
    bool empty() const {
      return title.empty() && body.empty() && author.empty() && time.empty() &&
             attribution.empty() && drop.empty();
    }
  };
  Overrides overrides;
  // This source's proxy ("socks5h://127.0.0.1:1080"); empty = the global crawl proxy;
  // "none" = a direct connection even when a global proxy is set.
  std::string proxy;
  // URLs found on this source (article links, sitemap entries and children) on another
  // origin than `url` may not reach loopback, private, link-local and other internal
  // addresses unless this is true (an intranet source linking to intranet hosts).
  bool allow_private_addresses = false;
  // TLS certificate and host name verification of this source's fetches; false is an
  // explicit opt-out, warned about whenever the config is loaded.
  bool tls_verify = true;
  // The IANA zone ("Asia/Shanghai") in which the source's pages write times without an
  // offset; empty = by the page's language (Chinese: Asia/Shanghai, else UTC).
  std::string time_zone;
};

// What the extractor makes of one article page. Text fields are UTF-8.
struct Article {
  std::string url;          // canonical URL (the dedupe key)
  std::string title;        // headline, without a site-name suffix
  std::string subtitle;     // sub-title / deck, may be empty
  std::string byline;       // e.g. "□本报记者 董振霞 通讯员 王克军"
  std::string attribution;  // the source it was reprinted from, e.g. "淄博日报"
  std::string published;    // as ISO 8601 "YYYY-MM-DDTHH:MM:SS[+zz:zz]" when known, else ""
  std::string body;         // paragraphs separated by "\n"
  std::string source_name;  // the configured source it came through
  std::string lead_image;   // absolute URL of the article's main image, or ""
  std::string body_html;    // the body as cleaned HTML (p, h2-h4, ul/ol/li, blockquote, img)
  // The page's declared language (<html lang>, Content-Language), e.g. "zh-CN", or "";
  // decides the zone of an offset-less `published` (parse/published_zone.hpp). Not stored.
  std::string language;
};

// An article as stored: the unmodified page beside the extracted fields.
struct Snapshot {
  std::int64_t id = 0;
  Article article;
  std::string original_url;  // the URL as found in the feed or list page
  std::string raw_page;      // bytes as received (before charset decoding)
  std::string charset;       // the charset the page was decoded from
  UnixTime fetched_at = 0;
  // The body's near-duplicate signature (match::sign_body), which the store uses to put the
  // article in a story with its reprints; empty = the article stays on its own. Not stored
  // back into snapshots read from the database.
  BodySignature signature;
};

// Message text that overrides the language's default template; empty = keep the default.
// Placeholders are described in docs/channels.md ("{title}", "{url}", ...).
struct MessageTemplate {
  std::string subject;
  std::string body;
};

// instant: one message per match; digest: one message per window listing its matches.
enum class DeliveryMode { Instant, Digest };

// "alerts" of a subscription: one alert per story (a reprint of an article it was already
// alerted about is recorded but not sent again), or one per article.
enum class AlertScope { Story, Article };

struct Subscription {
  std::string name;
  std::string query;
  std::vector<std::string> channels;  // channel names
  DeliveryMode delivery = DeliveryMode::Instant;
  // Digest windows: every `digest_every`, or (when digest_daily_minute >= 0) daily at that
  // minute of the day in `digest_time_zone` (an IANA name like "Asia/Shanghai", or "UTC").
  std::chrono::seconds digest_every{0};
  int digest_daily_minute = -1;
  std::string digest_time_zone = "UTC";
  std::string language = "en";  // default templates: "en" or "zh"
  MessageTemplate message_template;
  // The configured sources (by name) whose articles it covers; empty = every source.
  std::vector<std::string> sources;
  // The secret in the web front's feed URL (/feeds/NAME.atom?token=…); empty = no feed.
  std::string feed_token;
  AlertScope alerts = AlertScope::Story;
};

enum class ChannelType { Console, Webhook, Email };

// A notification channel as configured. Only the fields of its type are used.
struct ChannelSpec {
  std::string name;
  ChannelType type = ChannelType::Console;
  // webhook
  std::string url;
  std::map<std::string, std::string> headers;
  // email (SMTP through libcurl): smtp_url like "smtp://127.0.0.1:2525"
  std::string smtp_url;
  std::string username;
  std::string password;
  std::string from;
  std::vector<std::string> to;
  // delivery policy
  // 16 attempts at the default backoff (10 s doubling, at most a day apart) outlast about
  // three days of a receiver being down before a delivery is dead.
  int max_attempts = 16;
  std::chrono::seconds timeout{15};
  // Webhook presets shape the payload for one service: "" (generic JSON), "slack",
  // "discord", "telegram", "dingtalk", "wecom", "feishu", "ntfy", "gotify", "bark",
  // "serverchan".
  std::string preset;
  // Signing secret: Standard Webhooks ("whsec_" + base64) for generic webhooks, the robot's
  // secret for DingTalk and Feishu.
  std::string secret;
  // Service credential: Telegram bot token, Gotify app token, Bark device key, ServerChan
  // send key.
  std::string token;
  // Where in the service: Telegram chat id, ntfy topic.
  std::string target;
  // email: "try" (STARTTLS when offered), "starttls" (required) or "none"; smtps:// is TLS
  // from the start. unsubscribe: the List-Unsubscribe target (mailto: or https:).
  std::string tls = "try";
  std::string unsubscribe;
  // Backoff between attempts: doubling from `retry_initial` up to `retry_maximum`, with
  // jitter; zero = the dispatcher's defaults.
  std::chrono::seconds retry_initial{0};
  std::chrono::seconds retry_maximum{0};
  // At most `rate_limit_count` messages per `rate_limit_window`; 0 = unlimited. Excess
  // messages wait for the window, in order.
  int rate_limit_count = 0;
  std::chrono::seconds rate_limit_window{60};
  MessageTemplate message_template;
};

// A match as the matcher reports it and the store records it.
struct Match {
  std::string subscription;
  std::vector<std::string> terms;  // the query terms that hit
  std::string snippet;             // text around the first hit
};

enum class DeliveryStatus { Pending, Sent, Dead };

// One notification owed: an article, for a subscription, through a channel (the outbox row).
struct Delivery {
  std::int64_t id = 0;
  std::int64_t snapshot_id = 0;
  std::string subscription;
  std::string channel;
  std::vector<std::string> terms;
  std::string snippet;
  DeliveryStatus status = DeliveryStatus::Pending;
  int attempts = 0;
  UnixTime next_attempt_at = 0;
  std::string last_error;
  UnixTime created_at = 0;
  std::optional<UnixTime> sent_at;
  // The delivery's own idempotency key, made once when it is created (a UUIDv7: unique
  // across time, databases and installations) and never changed while it is retried.
  // Carried by every channel (webhook header, email Message-ID) so a receiver can drop a
  // repeat after a crash between sending and marking sent.
  std::string key;
  // The key of the message the dispatcher claimed the delivery for, kept across retries and
  // crashes: the delivery's own key when it went out alone, a key of its own for a message
  // that groups several deliveries (digest, one article for several subscriptions).
  std::string batch_key;
  // Digest deliveries: when the window they belong to closes.
  std::optional<UnixTime> window_end;

  // The key of the message it was claimed for, else its own (a message with it alone).
  const std::string& message_key() const { return batch_key.empty() ? key : batch_key; }
};

}  // namespace headlined
