#include "headlined/parse/gzip.hpp"

#include <zlib.h>

#include <climits>

namespace headlined::parse {

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

Result<std::string> gunzip(std::string_view bytes, std::size_t max_bytes) {
  if (!is_gzip(bytes)) return fail("not gzip data", "gunzip");
  if (bytes.size() > UINT_MAX) return fail("gzip input too large", "gunzip");
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return fail("zlib init failed", "gunzip");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char chunk[64 * 1024];
  int rc = Z_OK;
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&stream);
      return fail("gzip data expands past " + std::to_string(max_bytes) + " bytes", "gunzip");
    }
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      // Another member follows (gzip files may be concatenated).
      if (inflateReset(&stream) != Z_OK) break;
      continue;
    }
    if (rc != Z_OK) break;
    if (stream.avail_in == 0 && stream.avail_out != 0) break;  // input ended mid-stream
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) return fail("truncated or corrupt gzip data", "gunzip");
  return out;
}

}  // namespace headlined::parse
