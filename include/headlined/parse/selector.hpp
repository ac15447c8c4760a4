#pragma once
// A CSS selector subset over gumbo trees: type, #id, .class, [attr], [attr=v], [attr*=v],
// [attr^=v], descendant (space) and child (>) combinators, selector lists (a, b).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "headlined/core/error.hpp"

namespace headlined::parse {

class Selector {
 public:
  // A malformed selector is an error naming the offset and the reason.
  static Result<Selector> parse(std::string_view text);

  bool matches(const GumboNode* element) const;
  // Every matching element below root, in document order (iterative walk).
  std::vector<const GumboNode*> select(const GumboNode* root) const;

  struct Compound;  // defined in the implementation
  struct Complex;

 private:
  std::shared_ptr<const std::vector<Complex>> alternatives_;
};

}  // namespace headlined::parse
