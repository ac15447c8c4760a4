#pragma once
// A WebSub hub (W3C WebSub §5.1, §5.3, §7) on loopback, written from the spec for the tests:
// it takes subscription requests (answers 202, then verifies the subscriber's intent with a
// GET carrying a random hub.challenge), and distributes content with X-Hub-Signature. Every
// request it received and every verification it made is kept, and tests wait on them.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "headlined/daemon/websub_protocol.hpp"
#include "support/local_server.hpp"

namespace headlined::daemon {

class TestHub {
 public:
  struct Request {
    std::string mode, topic, callback, secret, lease_seconds;
  };
  struct Verification {
    Request request;
    int status = 0;       // the subscriber's answer to the challenge
    bool echoed = false;  // it answered 2xx with exactly the challenge
  };

  // `verify` false: requests are accepted and never verified (a broken hub).
  explicit TestHub(bool verify = true, long lease_seconds = 3600)
      : verify_(verify), lease_seconds_(lease_seconds) {
    server_.server().Post("/hub", [this](const httplib::Request& req, httplib::Response& res) {
      Request r{req.get_param_value("hub.mode"), req.get_param_value("hub.topic"),
                req.get_param_value("hub.callback"), req.get_param_value("hub.secret"),
                req.get_param_value("hub.lease_seconds")};
      if ((r.mode != "subscribe" && r.mode != "unsubscribe") || r.topic.empty() ||
          r.callback.empty()) {
        res.status = 400;
        return;
      }
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(r);
      }
      changed_.notify_all();
      res.status = 202;  // §5.1.2: accepted; the verification comes separately
      if (verify_) {
        std::lock_guard lock(threads_mutex_);
        verifiers_.emplace_back([this, r] { this->verify(r); });
      }
    });
    server_.start();
  }

  ~TestHub() {
    server_.stop();
    std::lock_guard lock(threads_mutex_);
    for (std::thread& t : verifiers_)
      if (t.joinable()) t.join();
  }

  std::string url() const { return server_.url("/hub"); }

  // §5.3: GET the callback with the mode, topic, a challenge and the lease.
  void verify(const Request& r) {
    const std::string challenge = std::to_string(std::random_device{}()) + "x-challenge";
    auto [client, path] = client_for(r.callback);
    std::string query = path + (path.find('?') == std::string::npos ? "?" : "&");
    query += "hub.mode=" + r.mode + "&hub.topic=" + httplib::detail::encode_query_param(r.topic) +
             "&hub.challenge=" + challenge;
    if (r.mode == "subscribe") query += "&hub.lease_seconds=" + std::to_string(lease_seconds_);
    auto res = client->Get(query);
    Verification v{r, res ? res->status : 0,
                   res && res->status / 100 == 2 && res->body == challenge};
    {
      std::lock_guard lock(mutex_);
      if (v.echoed && r.mode == "subscribe") subscribers_[r.callback] = r;
      if (v.echoed && r.mode == "unsubscribe") subscribers_.erase(r.callback);
      verifications_.push_back(v);
    }
    changed_.notify_all();
  }

  // §7: POST the new content to every verified subscriber of `topic`, signed with `method`
  // (or with `forged_secret` instead of the subscriber's). Returns each answer's status.
  std::vector<int> publish(const std::string& topic, const std::string& body,
                           const std::string& method = "sha256",
                           const std::string& forged_secret = "") {
    std::vector<Request> to;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [callback, r] : subscribers_)
        if (r.topic == topic) to.push_back(r);
    }
    std::vector<int> statuses;
    for (const Request& r : to) {
      auto [client, path] = client_for(r.callback);
      httplib::Headers headers{
          {"Link", "<" + url() + ">; rel=\"hub\", <" + topic + ">; rel=\"self\""}};
      const std::string secret = forged_secret.empty() ? r.secret : forged_secret;
      if (!secret.empty())
        headers.emplace("X-Hub-Signature", method + "=" + *hub_signature_hex(method, secret, body));
      auto res = client->Post(path, headers, body, "application/rss+xml");
      statuses.push_back(res ? res->status : 0);
    }
    return statuses;
  }

  // Waits (up to 10 s) until `done` holds over the requests and verifications seen.
  bool wait(const std::function<bool(const std::vector<Request>&,
                                     const std::vector<Verification>&)>& done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10),
                             [&] { return done(requests_, verifications_); });
  }

  std::vector<Request> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<Verification> verifications() {
    std::lock_guard lock(mutex_);
    return verifications_;
  }
  std::size_t subscribers() {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
  }

 private:
  static std::pair<std::unique_ptr<httplib::Client>, std::string> client_for(
      const std::string& url) {
    // http://127.0.0.1:PORT/path
    const std::size_t host_start = url.find("://") + 3;
    const std::size_t path_start = url.find('/', host_start);
    auto client = std::make_unique<httplib::Client>(url.substr(0, path_start));
    client->set_connection_timeout(5);
    client->set_read_timeout(5);
    return {std::move(client), url.substr(path_start)};
  }

  bool verify_;
  long lease_seconds_;
  headlined::testing::LocalServer server_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Request> requests_;
  std::vector<Verification> verifications_;
  std::map<std::string, Request> subscribers_;  // by callback
  std::mutex threads_mutex_;
  std::vector<std::thread> verifiers_;
};

}  // namespace headlined::daemon
