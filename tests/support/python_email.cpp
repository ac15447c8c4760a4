#include "support/python_email.hpp"

#include <cstdio>
#include <stdexcept>

#include "support/temp_dir.hpp"

namespace headlined::testing {

std::string python_decoded_subject(const std::string& raw_message) {
  TempDir dir;
  const std::string path = dir.file("message.eml");
  write_file(path, raw_message);
  const std::string command =
      "/usr/bin/python3 -c 'import sys, email, email.policy; "
      "m = email.message_from_binary_file(open(sys.argv[1], \"rb\"), policy=email.policy.default); "
      "sys.stdout.buffer.write(str(m[\"subject\"]).encode())' " +
      path;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run /usr/bin/python3");
  std::string out;
  char buffer[1024];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  if (pclose(pipe) != 0) throw std::runtime_error("python3 could not parse the message");
  return out;
}

}  // namespace headlined::testing
