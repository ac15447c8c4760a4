#pragma once
// Independent checks with Python's standard library: how a mail client (email package,
// policy=default) reads a message, and HMAC-SHA256 computed by Python's hmac module.

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "support/temp_dir.hpp"

namespace headlined::notify::testing {

inline std::string run_python(const std::string& script, const std::string& input) {
  headlined::testing::TempDir dir;
  const std::string script_path = dir.file("check.py");
  const std::string input_path = dir.file("input");
  headlined::testing::write_file(script_path, script);
  headlined::testing::write_file(input_path, input);
  FILE* pipe = popen(("/usr/bin/python3 " + script_path + " " + input_path).c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run /usr/bin/python3");
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  if (pclose(pipe) != 0) throw std::runtime_error("python3 failed on " + script_path);
  return out;
}

// {"subject", "headers": {name: [values]}, "parts": [{"type", "content"}]} as Python reads
// the message (parts in order; a single-part message is one part).
inline nlohmann::json python_mail(const std::string& raw) {
  const char* script = R"py(
import sys, json, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
headers = {}
for k, v in m.items():
    headers.setdefault(k.lower(), []).append(str(v))
parts = [{'type': p.get_content_type(), 'content': p.get_content()}
         for p in m.walk() if not p.is_multipart()]
print(json.dumps({'subject': str(m['subject']), 'headers': headers, 'parts': parts}))
)py";
  return nlohmann::json::parse(run_python(script, raw));
}

// base64(HMAC-SHA256(key, message)), key and message given as UTF-8 text.
inline std::string python_hmac_base64(const std::string& key, const std::string& message) {
  const char* script = R"py(
import sys, json, hmac, hashlib, base64
d = json.load(open(sys.argv[1]))
print(base64.b64encode(hmac.new(d['key'].encode(), d['message'].encode(), hashlib.sha256).digest()).decode(), end='')
)py";
  return run_python(script, nlohmann::json{{"key", key}, {"message", message}}.dump());
}

}  // namespace headlined::notify::testing
