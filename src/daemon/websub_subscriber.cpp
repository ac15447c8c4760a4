#include "headlined/daemon/websub_subscriber.hpp"

#include <curl/curl.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <set>

#include "headlined/fetch/address_policy.hpp"

namespace headlined::daemon {

namespace {

constexpr std::size_t kTokenBytes = 16;
constexpr std::size_t kSecretBytes = 32;
// A subscription the hub refused or never verified is asked for again after this long.
constexpr UnixTime kRetryFailedAfter = 3600;

std::string form_escape(CURL* easy, const std::string& value) {
  std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(easy, value.data(), static_cast<int>(value.size())), curl_free);
  return escaped ? std::string(escaped.get()) : std::string();
}

// The hub's answer is not needed beyond its status; its first bytes are kept for nothing
// else than not buffering an endless reply.
std::size_t keep_start_of_reply(char* data, std::size_t size, std::size_t n, void* kept) {
  auto* text = static_cast<std::string*>(kept);
  if (text->size() < 512) text->append(data, std::min<std::size_t>(size * n, 512));
  return size * n;
}

// A hub is named by the feed, not by the admin: unless the source allows internal addresses,
// the request may only connect to public ones (as for the article links of a feed).
struct SocketGuard {
  bool police = true;
  std::string refused;  // why a connection was refused
};

curl_socket_t open_hub_socket(void* guard_ptr, curlsocktype, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(guard_ptr);
  if (guard->police) {
    const fetch::ClassifiedAddress c = fetch::classify_sockaddr(&address->addr, address->addrlen);
    if (c.rule != fetch::AddressRule::Public) {
      guard->refused = c.text + " is " + std::string(fetch::describe(c.rule));
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

// When a lease is renewed: a tenth of it before the end, at least the verification timeout
// plus a minute, so a slow hub still verifies before the old lease ends.
UnixTime renew_at(const store::WebSubRecord& r, const config::WebSubSettings& settings) {
  const UnixTime lease = *r.lease_expires - r.requested_at;
  const UnixTime margin = std::max<UnixTime>(lease / 10, settings.verify_timeout.count() + 60);
  return *r.lease_expires - margin;
}

bool receiving(const store::WebSubRecord& r, UnixTime now) {
  if (r.state == "active") return true;
  // A renewal waiting for its verification: the lease it renews still holds.
  return r.state == "pending" && r.lease_expires && *r.lease_expires > now;
}

}  // namespace

WebSubSubscriber::WebSubSubscriber(store::Store& store, config::WebSubSettings settings,
                                   PushHandler on_push, Clock clock)
    : store_(store),
      settings_(std::move(settings)),
      on_push_(std::move(on_push)),
      clock_(std::move(clock)) {}

Result<void> WebSubSubscriber::load() {
  auto records = store_.websub_records();
  if (!records) return std::unexpected(records.error());
  std::lock_guard lock(mutex_);
  for (store::WebSubRecord& r : *records) records_[r.source] = std::move(r);
  // What the hubs still hold after a stop is unknown (a lease may have ended meanwhile):
  // every subscription is renewed once, with its callback and secret.
  renew_all_ = true;
  return {};
}

std::string WebSubSubscriber::callback_url(const std::string& token) const {
  return settings_.public_base_url + "/websub/" + token;
}

void WebSubSubscriber::save(const store::WebSubRecord& record) {
  if (auto saved = store_.save_websub(record); !saved)
    spdlog::warn("websub: source '{}': could not keep the subscription's state: {}", record.source,
                 saved.error().to_string());
}

void WebSubSubscriber::note_links(const Source& source, const WebSubLinks& links,
                                  const std::string& feed_url) {
  if (links.hub.empty()) return;
  WebSubLinks announced = links;
  if (announced.topic.empty()) announced.topic = feed_url;
  std::lock_guard lock(mutex_);
  announced_[source.name] = announced;
}

Result<void> WebSubSubscriber::send(const store::WebSubRecord& record, const std::string& mode,
                                    bool police) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy) return fail("could not start a request", record.hub);
  CURL* h = easy.get();
  std::string form = "hub.mode=" + mode + "&hub.topic=" + form_escape(h, record.topic) +
                     "&hub.callback=" + form_escape(h, callback_url(record.callback_token));
  if (mode == "subscribe") {
    form += "&hub.lease_seconds=" + std::to_string(settings_.lease.count());
    form += "&hub.secret=" + form_escape(h, record.secret);
  }
  std::string reply;
  curl_easy_setopt(h, CURLOPT_URL, record.hub.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
  // A hub may move (307/308); the request stays a POST.
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(h, CURLOPT_POSTREDIR, static_cast<long>(CURL_REDIR_POST_ALL));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_start_of_reply);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
  SocketGuard guard;
  guard.police = police;
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_hub_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &guard);
  const CURLcode rc = curl_easy_perform(h);
  if (!guard.refused.empty())
    return fail("hub request refused: " + guard.refused +
                    " (set \"allow_private_addresses\": true on source '" + record.source +
                    "' to allow it)",
                record.hub);
  if (rc != CURLE_OK)
    return fail(std::string("hub request (") + mode + ") failed: " + curl_easy_strerror(rc),
                record.hub);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  // 202 Accepted is what the spec asks of a hub; any 2xx is taken as accepted.
  if (status < 200 || status > 299)
    return fail("hub answered HTTP " + std::to_string(status) + " to the " + mode + " request",
                record.hub);
  return {};
}

void WebSubSubscriber::maintain(const std::vector<Source>& sources) {
  const UnixTime now = clock_();
  struct Request {
    store::WebSubRecord record;
    std::string mode;  // "" = only saved
    bool police = true;
  };
  std::vector<Request> to_send;
  std::vector<std::string> to_forget;
  {
    std::lock_guard lock(mutex_);
    std::set<std::string> configured;
    for (const Source& source : sources) configured.insert(source.name);
    const bool renew_all = std::exchange(renew_all_, false);
    for (const Source& source : sources) {
      auto announced = announced_.find(source.name);
      auto existing = records_.find(source.name);
      store::WebSubRecord* r = existing == records_.end() ? nullptr : &existing->second;
      const bool changed = announced != announced_.end() &&
                           (!r || r->hub != announced->second.hub ||
                            r->topic != announced->second.topic || r->state == "unsubscribing");
      if (changed) {
        // A new hub or topic (or the first): a fresh callback and secret, so the old
        // subscription's pushes, if any still come, find no subscription.
        store::WebSubRecord fresh;
        fresh.source = source.name;
        fresh.hub = announced->second.hub;
        fresh.topic = announced->second.topic;
        fresh.callback_token = random_hex(kTokenBytes);
        fresh.secret = random_hex(kSecretBytes);
        fresh.state = "pending";
        fresh.requested_at = now;
        records_[source.name] = fresh;
        to_send.push_back({fresh, "subscribe", !source.allow_private_addresses});
        continue;
      }
      if (!r) continue;
      if (r->state == "pending" && now - r->requested_at >= settings_.verify_timeout.count()) {
        r->state = "failed";
        r->last_error = "the hub did not verify the subscription within " +
                        std::to_string(settings_.verify_timeout.count()) + " s";
        r->retry_at = now + kRetryFailedAfter;
        spdlog::warn("websub: source '{}': {} ({}); polling goes on", r->source, r->last_error,
                     r->hub);
        to_send.push_back({*r, "", true});  // saved, not sent
        continue;
      }
      const bool renew = r->state == "active" &&
                         (renew_all || (r->lease_expires && now >= renew_at(*r, settings_)));
      const bool retry = r->state == "failed" && now >= r->retry_at;
      if (renew || retry || (renew_all && r->state == "pending")) {
        r->state = "pending";
        r->requested_at = now;
        to_send.push_back({*r, "subscribe", !source.allow_private_addresses});
      }
    }
    for (auto& [name, r] : records_) {
      if (configured.contains(name)) continue;
      if (r.state != "unsubscribing") {
        r.state = "unsubscribing";
        r.requested_at = now;
        // The hub was admitted while the source was configured.
        to_send.push_back({r, "unsubscribe", false});
      } else if (now - r.requested_at >= settings_.verify_timeout.count()) {
        to_forget.push_back(name);  // the hub never confirmed; the lease ends by itself
      }
    }
    for (const std::string& name : to_forget) {
      records_.erase(name);
      announced_.erase(name);
    }
  }
  for (const std::string& name : to_forget) (void)store_.delete_websub(name);
  // Saved as pending before the request: a hub may verify before it answers.
  for (auto& [record, mode, police] : to_send) {
    save(record);
    if (mode.empty()) continue;
    auto sent = send(record, mode, police);
    if (sent) {
      spdlog::info("websub: source '{}': {} request accepted by {} (topic {})", record.source, mode,
                   record.hub, record.topic);
      continue;
    }
    spdlog::warn("websub: source '{}': {}; polling goes on", record.source,
                 sent.error().to_string());
    std::lock_guard lock(mutex_);
    auto it = records_.find(record.source);
    if (it == records_.end() || it->second.callback_token != record.callback_token) continue;
    if (mode == "unsubscribe") {
      records_.erase(it);
      (void)store_.delete_websub(record.source);
      continue;
    }
    if (it->second.state != "pending") continue;  // verified meanwhile after all
    it->second.state = "failed";
    it->second.last_error = sent.error().to_string();
    it->second.retry_at = now + kRetryFailedAfter;
    save(it->second);
  }
}

void WebSubSubscriber::handle_verification(const std::string& token, const std::string& mode,
                                           const std::string& topic, const std::string& challenge,
                                           const std::string& lease, const std::string& reason,
                                           int& status, std::string& body) {
  const UnixTime now = clock_();
  std::unique_lock lock(mutex_);
  store::WebSubRecord* record = nullptr;
  for (auto& [name, r] : records_)
    if (r.callback_token == token) record = &r;
  status = 404;
  body = "no subscription of ours has this callback";
  if (!record || topic != record->topic) {
    ++counts_.refused_challenges;
    spdlog::warn("websub: refused a {} verification for topic {}: not a request of ours", mode,
                 topic);
    return;
  }
  if (mode == "denied") {
    record->state = "failed";
    record->last_error = "the hub denied the subscription" + (reason.empty() ? "" : ": " + reason);
    record->retry_at = now + kRetryFailedAfter;
    spdlog::warn("websub: source '{}': {}; polling goes on", record->source, record->last_error);
    store::WebSubRecord copy = *record;
    lock.unlock();
    save(copy);
    status = 200;
    body.clear();
    return;
  }
  const bool ours = (mode == "subscribe" && record->state == "pending") ||
                    (mode == "unsubscribe" && record->state == "unsubscribing");
  if (!ours || challenge.empty()) {
    ++counts_.refused_challenges;
    spdlog::warn("websub: source '{}': refused a {} verification: no such request is pending",
                 record->source, mode);
    return;
  }
  ++counts_.verified;
  status = 200;
  body = challenge;
  if (mode == "unsubscribe") {
    const std::string source = record->source;
    records_.erase(source);
    lock.unlock();
    (void)store_.delete_websub(source);
    spdlog::info("websub: source '{}': unsubscribed", source);
    return;
  }
  // The hub's lease, else the one we asked for.
  UnixTime seconds = settings_.lease.count();
  try {
    if (!lease.empty()) seconds = std::max<UnixTime>(1, std::stoll(lease));
  } catch (const std::exception&) {
  }
  record->state = "active";
  record->last_error.clear();
  record->requested_at = now;
  record->lease_expires = now + seconds;
  store::WebSubRecord copy = *record;
  lock.unlock();
  save(copy);
  spdlog::info("websub: source '{}': push active until {} (hub {})", copy.source,
               *copy.lease_expires, copy.hub);
}

void WebSubSubscriber::install(httplib::Server& server) {
  // The path's prefix is whatever the reverse proxy keeps of public_base_url's path.
  const std::string pattern = R"((?:/.*)?/websub/([0-9a-f]{8,64}))";
  server.Get(pattern, [this](const httplib::Request& req, httplib::Response& res) {
    int status = 404;
    std::string body;
    handle_verification(req.matches[1], req.get_param_value("hub.mode"),
                        req.get_param_value("hub.topic"), req.get_param_value("hub.challenge"),
                        req.get_param_value("hub.lease_seconds"), req.get_param_value("hub.reason"),
                        status, body);
    res.status = status;
    res.set_content(body, "text/plain");
  });
  server.Post(pattern, [this](const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& content) {
    const std::string token = req.matches[1];
    store::WebSubRecord record;
    bool found = false;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [name, r] : records_)
        if (r.callback_token == token && receiving(r, clock_())) {
          record = r;
          found = true;
        }
      if (!found) ++counts_.unknown_callback;
    }
    if (!found) {
      res.status = 404;
      res.set_content("no subscription of ours has this callback", "text/plain");
      return;
    }
    const auto limit = static_cast<std::size_t>(settings_.max_body_bytes);
    auto too_large = [&] {
      std::lock_guard lock(mutex_);
      ++counts_.too_large;
      res.status = 413;
      res.set_content("a push may be at most " + std::to_string(limit) + " bytes", "text/plain");
      spdlog::warn("websub: source '{}': refused a push over {} bytes", record.source, limit);
    };
    if (req.has_header("Content-Length")) {
      const std::string length = req.get_header_value("Content-Length");
      const bool digits =
          !length.empty() && length.size() <= 18 &&
          std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || std::stoull(length) > limit) return too_large();
    }
    std::string body;
    bool over = false;
    content([&](const char* data, std::size_t n) {
      if (body.size() + n > limit) {
        over = true;
        return false;  // stop reading: the connection is closed after the answer
      }
      body.append(data, n);
      return true;
    });
    if (over) return too_large();
    const SignatureCheck check =
        check_hub_signature(req.get_header_value("X-Hub-Signature"), record.secret, body);
    if (check != SignatureCheck::Valid) {
      // The spec: acknowledge (2xx) but ignore, so a forger learns nothing.
      {
        std::lock_guard lock(mutex_);
        ++counts_.bad_signature;
      }
      spdlog::warn("websub: source '{}': ignored a push from {}: {}", record.source,
                   req.remote_addr, signature_check_text(check));
      res.status = 202;
      return;
    }
    const auto link_count = req.get_header_value_count("Link");
    std::vector<std::string> links;
    for (std::size_t i = 0; i < link_count; ++i) links.push_back(req.get_header_value("Link", i));
    const WebSubLinks announced = find_websub_links("", links, record.topic);
    if (!announced.topic.empty() && announced.topic != record.topic) {
      {
        std::lock_guard lock(mutex_);
        ++counts_.wrong_topic;
      }
      spdlog::warn("websub: source '{}': ignored a push for topic {} (subscribed to {})",
                   record.source, announced.topic, record.topic);
      res.status = 202;
      return;
    }
    PushedFeed pushed;
    pushed.source = record.source;
    pushed.page.status = 200;
    pushed.page.url = record.topic;
    pushed.page.content_type = req.get_header_value("Content-Type");
    pushed.page.raw_body = std::move(body);
    pushed.page.links = std::move(links);
    {
      std::lock_guard lock(mutex_);
      ++counts_.accepted;
    }
    on_push_(std::move(pushed));
    res.status = 202;
  });
}

std::optional<PushState> WebSubSubscriber::push_state(const std::string& source) const {
  std::lock_guard lock(mutex_);
  auto it = records_.find(source);
  if (it == records_.end()) return std::nullopt;
  PushState out;
  out.state = it->second.state;
  out.hub = it->second.hub;
  out.lease_expires = it->second.lease_expires;
  out.last_error = it->second.last_error;
  out.receiving = receiving(it->second, clock_());
  return out;
}

WebSubSubscriber::Counts WebSubSubscriber::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace headlined::daemon
