#include "headlined/daemon/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "headlined/daemon/redact.hpp"

namespace headlined::daemon {

namespace {

// "%*" in a pattern: the sd-daemon(3) priority prefix for the message's level.
class JournalPriorityFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    static constexpr const char* prefixes[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", ""};
    const char* p = prefixes[static_cast<int>(msg.level)];
    dest.append(p, p + std::char_traits<char>::length(p));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JournalPriorityFlag>();
  }
};

// Masks secrets in each message, then hands it to the real sink.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingSink(spdlog::sink_ptr next) : next_(std::move(next)) {}

  void set_secrets(std::vector<std::string> secrets) {
    std::lock_guard lock(mutex_);
    secrets_ = std::move(secrets);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string clean =
        redact(std::string_view(msg.payload.data(), msg.payload.size()), secrets_);
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(clean.data(), clean.size());
    next_->log(copy);
  }
  void flush_() override { next_->flush(); }
  void set_pattern_(const std::string& pattern) override {
    next_->set_formatter(make_formatter(pattern));
  }
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override {
    next_->set_formatter(std::move(formatter));
  }

 public:
  static std::unique_ptr<spdlog::formatter> make_formatter(const std::string& pattern) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<JournalPriorityFlag>('*').set_pattern(pattern);
    return formatter;
  }

 private:
  spdlog::sink_ptr next_;
  std::vector<std::string> secrets_;
};

std::shared_ptr<RedactingSink>& redacting_sink() {
  static std::shared_ptr<RedactingSink> sink;
  return sink;
}

}  // namespace

void setup_logging(const std::string& level) {
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto sink = std::make_shared<RedactingSink>(stderr_sink);
  const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  sink->set_formatter(
      RedactingSink::make_formatter(journal ? "%*%v" : "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v"));
  redacting_sink() = sink;
  auto logger = std::make_shared<spdlog::logger>("headlined", sink);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void set_log_secrets(std::vector<std::string> secrets) {
  if (auto& sink = redacting_sink()) sink->set_secrets(std::move(secrets));
}

}  // namespace headlined::daemon
