#pragma once

#include <map>
#include <string>
#include <string_view>

namespace headlined::daemon {

// The demo's bundled news site (demo/site), compiled into the binary: path -> bytes.
const std::map<std::string, std::string_view>& demo_site_files();

}  // namespace headlined::daemon
