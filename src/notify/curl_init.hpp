#pragma once

namespace headlined::notify {

// curl_global_init is not thread-safe; every channel calls this before its first handle.
void ensure_curl_initialized();

}  // namespace headlined::notify
