#include <mutex>

#include "headlined/notify/channels.hpp"
#include "headlined/notify/email.hpp"

namespace headlined::notify {

SendResult ConsoleChannel::send(const Message& message) {
  // Page text may hold terminal escape sequences; control characters become spaces.
  std::string text = "🔔 [" + sanitize_header_text(message.subscription) + "] " +
                     sanitize_header_text(message.snapshot.article.title) + "\n   " +
                     sanitize_header_text(message.snapshot.article.url) + "\n";
  if (!message.snippet.empty()) text += "   " + sanitize_header_text(message.snippet) + "\n";
  // One write under a lock shared by all console channels, so notifications never interleave.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  out_ << text << std::flush;
  return {};
}

}  // namespace headlined::notify
