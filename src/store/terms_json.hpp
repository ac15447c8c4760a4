#pragma once
// Matched terms are stored as a JSON array of strings.

#include <string>
#include <vector>

namespace headlined::store {

std::string terms_to_json(const std::vector<std::string>& terms);
// Lenient: a value that is not an array of strings (never written by us) reads as the
// strings it does hold, so one damaged row cannot stop the outbox.
std::vector<std::string> terms_from_json(const std::string& json);

}  // namespace headlined::store
