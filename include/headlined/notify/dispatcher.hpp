#pragma once
// The outbox dispatcher: takes due deliveries, sends each through its channel outside any
// transaction, then marks it sent, or schedules a retry with exponential backoff and jitter,
// or marks it dead after the channel's max attempts.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "headlined/notify/channel.hpp"
#include "headlined/store/store.hpp"

namespace headlined::notify {

struct RetryPolicy {
  std::chrono::seconds initial{10};
  std::chrono::seconds maximum{24 * 3600};
  double jitter = 0.2;  // +/- this fraction
};

// Called after each attempt, for logging and the demo's live output.
struct DispatchEvent {
  Delivery delivery;
  bool sent = false;
  bool dead = false;
  std::string error;
};

class Dispatcher {
 public:
  Dispatcher(store::Store& store, std::map<std::string, std::unique_ptr<Channel>> channels,
             std::map<std::string, ChannelSpec> specs, RetryPolicy policy = {});

  void on_event(std::function<void(const DispatchEvent&)> callback);

  // Sends every delivery due at `now`; returns how many were sent.
  int run_once(UnixTime now);

  // The delay before retry number `attempts` (1-based), before jitter.
  std::chrono::seconds backoff(int attempts) const;

 private:
  store::Store& store_;
  std::map<std::string, std::unique_ptr<Channel>> channels_;
  std::map<std::string, ChannelSpec> specs_;
  RetryPolicy policy_;
  std::function<void(const DispatchEvent&)> callback_;
};

}  // namespace headlined::notify
