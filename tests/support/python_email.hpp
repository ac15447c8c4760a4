#pragma once
// Reads a received message the way a mail client would: with Python's email package
// (/usr/bin/python3, policy=default), independent of the code under test.

#include <string>

namespace headlined::testing {

// The Subject header, RFC 2047 words decoded to UTF-8; throws when Python cannot run.
std::string python_decoded_subject(const std::string& raw_message);

}  // namespace headlined::testing
