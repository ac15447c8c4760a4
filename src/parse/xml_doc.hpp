#pragma once

#include <libxml/tree.h>

#include <memory>

namespace headlined::parse {

// A libxml2 document owned like any other object (feeds and sitemaps).
struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

}  // namespace headlined::parse
