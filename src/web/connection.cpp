#include "connection.hpp"

#include <unistd.h>

namespace headlined::web {

Connection::~Connection() {
  if (fd >= 0) ::close(fd);
}

bool Connection::has_request_head() const {
  // httplib accepts bare LF line ends too, so a blank line either way ends the head.
  const std::string_view bytes = pending();
  return bytes.find("\r\n\r\n") != std::string_view::npos ||
         bytes.find("\n\n") != std::string_view::npos;
}

void Connection::compact() {
  input.erase(0, consumed);
  consumed = 0;
}

}  // namespace headlined::web
