#include <mutex>

#include "headlined/notify/channels.hpp"
#include "headlined/notify/email.hpp"
#include "headlined/notify/render.hpp"

namespace headlined::notify {

SendResult ConsoleChannel::send(const Message& message) {
  // Page text may hold terminal escape sequences; control characters become spaces.
  std::string text = "🔔 " + render_subject(message) + "\n";
  for (const MessageItem& item : message.items) {
    text += "   " + sanitize_header_text(item.snapshot.article.url) + "\n";
    if (!item.snippet.empty()) text += "   " + sanitize_header_text(item.snippet) + "\n";
  }
  // One write under a lock shared by all console channels, so notifications never interleave.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  out_ << text << std::flush;
  return {};
}

}  // namespace headlined::notify
