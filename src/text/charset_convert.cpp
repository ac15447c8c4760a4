#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "charset_label.hpp"
#include "headlined/text/charset.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::text {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

class IconvHandle {
 public:
  explicit IconvHandle(iconv_t cd) : cd_(cd) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

// An output buffer iconv writes into, grown as needed.
class Output {
 public:
  explicit Output(std::size_t hint) : buf_(std::max<std::size_t>(hint, 64), '\0') {}
  char** cursor() { return &cursor_ptr_; }
  std::size_t* left() { return &left_; }
  void start() {
    cursor_ptr_ = buf_.data();
    left_ = buf_.size();
  }
  void grow(std::size_t at_least) {
    const std::size_t used = buf_.size() - left_;
    buf_.resize(std::max(buf_.size() * 2, used + at_least));
    cursor_ptr_ = buf_.data() + used;
    left_ = buf_.size() - used;
  }
  void append(std::string_view s) {
    if (left_ < s.size()) grow(s.size());
    std::memcpy(cursor_ptr_, s.data(), s.size());
    cursor_ptr_ += s.size();
    left_ -= s.size();
  }
  std::string take() {
    buf_.resize(buf_.size() - left_);
    return std::move(buf_);
  }

 private:
  std::string buf_;
  char* cursor_ptr_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace

Result<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset) {
  const std::string canonical = detail::canonical_charset(charset);
  if (canonical.empty()) return fail("unknown charset '" + std::string(charset) + "'");

  // A BOM that agrees with the charset is a marker, not text.
  std::size_t bom_length = 0;
  if (detail::bom_charset(bytes, bom_length) == canonical) bytes.remove_prefix(bom_length);

  if (canonical == "utf-8") return sanitize_utf8(bytes);

  IconvHandle cd(iconv_open("UTF-8", detail::iconv_name(canonical).c_str()));
  if (!cd.ok()) return fail("unknown charset '" + std::string(charset) + "'");

  // iconv's prototype takes char** for input although it does not write through it.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  Output out(bytes.size() * 3 / 2 + 16);
  out.start();
  while (in_left > 0) {
    if (iconv(cd.get(), &in, &in_left, out.cursor(), out.left()) != static_cast<std::size_t>(-1)) {
      break;
    }
    if (errno == E2BIG) {
      out.grow(16);
    } else if (errno == EILSEQ) {
      // One bad byte becomes U+FFFD; the decoder restarts at the next byte, so an ASCII
      // byte after a broken lead byte survives.
      out.append(kReplacement);
      ++in;
      --in_left;
    } else if (errno == EINVAL) {
      out.append(kReplacement);  // a sequence cut off at the end of the input
      in_left = 0;
    } else {
      return fail("cannot convert from " + canonical + ": " + std::strerror(errno));
    }
  }
  // Stateful encodings (ISO-2022-JP) may owe a final shift sequence.
  while (iconv(cd.get(), nullptr, nullptr, out.cursor(), out.left()) ==
             static_cast<std::size_t>(-1) &&
         errno == E2BIG) {
    out.grow(16);
  }
  return out.take();
}

}  // namespace headlined::text
