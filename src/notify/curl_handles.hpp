#pragma once
// RAII owners for libcurl handles.

#include <curl/curl.h>

#include <memory>

namespace headlined::notify {

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// Appends to a list held by `list`; curl_slist_append copies the string.
inline bool slist_append(Slist& list, const char* text) {
  curl_slist* grown = curl_slist_append(list.get(), text);
  if (!grown) return false;
  list.release();
  list.reset(grown);
  return true;
}

}  // namespace headlined::notify
