#pragma once
// Ways for tests to make writes to a database fail for real, without a special filesystem:
//
// - FileSizeLimit lowers RLIMIT_FSIZE of this process (SIGXFSZ ignored meanwhile), so a
//   write that would grow a file past the limit fails with EFBIG, as on a full disk.
// - set_immutable() sets the ext4/xfs/btrfs immutable attribute (what `chattr +i` does).
//   Writes through descriptors already open then fail with EPERM: a file that turned
//   read-only under a running process. It needs CAP_LINUX_IMMUTABLE (root) and a filesystem
//   that has the attribute (tmpfs has not); callers skip when it returns false. Unlike a
//   chmod, it stops root too.

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

namespace headlined::testing {

class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes);
  ~FileSizeLimit();
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*saved_handler_)(int) = nullptr;
};

// Sets or clears the immutable attribute of each existing file; false (and nothing left
// set) when the filesystem or the privileges do not allow it.
bool set_immutable(const std::vector<std::filesystem::path>& files, bool on);

// Immutable while it lives (when set_immutable could do it: see ok()); cleared at the end,
// so the test's temporary directory can be removed.
class ImmutableFiles {
 public:
  explicit ImmutableFiles(std::vector<std::filesystem::path> files)
      : files_(std::move(files)), on_(set_immutable(files_, true)) {}
  ~ImmutableFiles() { release(); }
  ImmutableFiles(const ImmutableFiles&) = delete;
  ImmutableFiles& operator=(const ImmutableFiles&) = delete;

  bool ok() const { return on_; }
  void release() {
    if (on_) set_immutable(files_, false);
    on_ = false;
  }

 private:
  std::vector<std::filesystem::path> files_;
  bool on_ = false;
};

// A database file and its -wal file, those that exist. Not the -shm file: SQLite maps it
// into memory, and a store to a mapped immutable file is a SIGBUS, not an error.
std::vector<std::filesystem::path> database_files(const std::filesystem::path& db);

}  // namespace headlined::testing
