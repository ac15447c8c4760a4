#pragma once
// Typed access to the parsed config with every problem recorded at its line and column.
// Each accessor reports what is wrong and returns nothing, so validation carries on and the
// user sees all errors at once.

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/config/config.hpp"
#include "headlined/config/jsonc.hpp"

namespace headlined::config {

enum class Need { Required, Optional };

class Reader {
 public:
  Reader(const JsoncDocument& doc, std::string_view text, std::string file,
         std::vector<ConfigError>& errors, std::vector<ConfigError>& warnings,
         Secrets secrets = Secrets::Read, std::vector<ConfigError>* unchecked = nullptr)
      : doc_(doc),
        text_(text),
        file_(std::move(file)),
        errors_(errors),
        warnings_(warnings),
        secrets_(secrets),
        unchecked_(unchecked) {}

  const JsoncDocument& doc() const { return doc_; }

  // Where the value at `pointer` starts (1:1 if unknown).
  Position value_pos(const std::string& pointer) const;
  // The value's text as written in the file, quotes included.
  std::string_view raw_text(const std::string& pointer) const;

  void error_at(Position pos, std::string message);
  void error_at_value(const std::string& pointer, std::string message) {
    error_at(value_pos(pointer), std::move(message));
  }
  void error_at_key(const std::string& pointer, std::string message);
  // A setting that is valid but has no effect, or weakens safety on the admin's word: the
  // config still loads, and check-config and the daemon's log say so ("warning: …").
  void warn_at_key(const std::string& pointer, std::string message);
  // Whether `object` has the member `key` (for warnings about keys that do not apply).
  static bool has(const nlohmann::json& object, std::string_view key) {
    return object.is_object() && object.contains(key);
  }

  // Reports a non-object; returns whether `value` is one.
  bool expect_object(const nlohmann::json& value, const std::string& pointer,
                     std::string_view what);
  // Reports every key of `object` not in `allowed`. `misplaced` lists keys that are valid in a
  // sibling kind of object (another channel type), with the reason they do not apply here.
  void check_keys(const nlohmann::json& object, const std::string& pointer,
                  std::initializer_list<std::string_view> allowed, std::string_view what,
                  const std::map<std::string, std::string>& misplaced = {});
  // The same for a list of keys built at run time.
  void check_keys(const nlohmann::json& object, const std::string& pointer,
                  const std::vector<std::string_view>& allowed, std::string_view what,
                  const std::map<std::string, std::string>& misplaced = {});

  // Field accessors: `object` is the JSON object found at `pointer`, `what` names it in
  // messages ("source", "webhook channel"). A string field, or a value of a string map, may
  // be written {"env": "VARIABLE"} or {"file": "/path"} instead, so that secrets (passwords,
  // tokens, webhook URLs, header values) can stay out of the config file.
  // How secrets are read from now on (read_top_level reads the database password even for
  // the admin commands, which open the database).
  Secrets secrets() const { return secrets_; }
  void set_secrets(Secrets secrets) { secrets_ = secrets; }

  std::optional<std::string> string_field(const nlohmann::json& object, const std::string& pointer,
                                          std::string_view key, Need need, std::string_view what);
  std::optional<std::int64_t> int_field(const nlohmann::json& object, const std::string& pointer,
                                        std::string_view key, std::int64_t min, std::int64_t max,
                                        Need need, std::string_view what);
  std::optional<std::chrono::seconds> duration_field(const nlohmann::json& object,
                                                     const std::string& pointer,
                                                     std::string_view key, Need need,
                                                     std::string_view what);
  // A non-empty array of non-empty strings.
  std::optional<std::vector<std::string>> string_list_field(const nlohmann::json& object,
                                                            const std::string& pointer,
                                                            std::string_view key, Need need,
                                                            std::string_view what);
  std::optional<std::map<std::string, std::string>> string_map_field(const nlohmann::json& object,
                                                                     const std::string& pointer,
                                                                     std::string_view key,
                                                                     Need need,
                                                                     std::string_view what);
  // An http(s) URL.
  std::optional<std::string> http_url_field(const nlohmann::json& object,
                                            const std::string& pointer, std::string_view key,
                                            Need need, std::string_view what);

 private:
  // The value of {"env": …} or {"file": …} at `at`, or nothing after reporting why (or, as
  // `secrets_` says, without reading it).
  std::optional<std::string> indirect_value(const nlohmann::json& value, const std::string& at,
                                            std::string_view key);
  // A secret this process cannot read: an error, or (with Secrets::ReadIfHere, when
  // `service_hint` says how only the service gets it) a note in `unchecked_`.
  void unreadable_secret(const std::string& at, std::string message, std::string_view service_hint);
  // The member's value, or null after reporting it missing when required.
  const nlohmann::json* member(const nlohmann::json& object, const std::string& pointer,
                               std::string_view key, Need need, std::string_view what);

  const JsoncDocument& doc_;
  std::string_view text_;
  std::string file_;
  std::vector<ConfigError>& errors_;
  std::vector<ConfigError>& warnings_;
  Secrets secrets_;
  std::vector<ConfigError>* unchecked_;
};

// JSON type names for messages: "a string", "an array", ...
std::string describe_type(const nlohmann::json& value);

}  // namespace headlined::config
