#pragma once
// A fresh directory under the system temp folder, removed with everything in it at the end.

#include <filesystem>
#include <string>

namespace headlined::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Reads a file under tests/fixtures.
std::string read_fixture(const std::string& relative_path);
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace headlined::testing
