#pragma once
// The demo's news site: the files of demo/site (compiled in) served on 127.0.0.1, with
// "{{base}}" replaced by the site's own address. The list page can "publish" a breaking
// article later, so a running demo shows a poll finding something new.

#include <atomic>
#include <memory>
#include <string>

namespace headlined::daemon {

class DemoSite {
 public:
  DemoSite();
  ~DemoSite();
  DemoSite(const DemoSite&) = delete;
  DemoSite& operator=(const DemoSite&) = delete;

  // Binds an ephemeral port on 127.0.0.1 and serves in the background. False on failure.
  bool start();
  std::string base_url() const;
  void publish_breaking() { breaking_published_ = true; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> breaking_published_{false};
};

}  // namespace headlined::daemon
