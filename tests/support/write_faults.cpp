#include "support/write_faults.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <stdexcept>

namespace headlined::testing {

FileSizeLimit::FileSizeLimit(rlim_t bytes) {
  if (getrlimit(RLIMIT_FSIZE, &saved_) != 0) throw std::runtime_error("getrlimit failed");
  saved_handler_ = std::signal(SIGXFSZ, SIG_IGN);
  rlimit lowered = saved_;
  lowered.rlim_cur = bytes;  // the hard limit stays, so the destructor can raise it again
  if (setrlimit(RLIMIT_FSIZE, &lowered) != 0) throw std::runtime_error("setrlimit failed");
}

FileSizeLimit::~FileSizeLimit() {
  setrlimit(RLIMIT_FSIZE, &saved_);
  std::signal(SIGXFSZ, saved_handler_);
}

namespace {

bool set_flag(const std::filesystem::path& file, bool on) {
  const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  int flags = 0;
  bool ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok) {
    flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  }
  close(fd);
  return ok;
}

}  // namespace

bool set_immutable(const std::vector<std::filesystem::path>& files, bool on) {
  std::vector<std::filesystem::path> done;
  for (const auto& f : files) {
    if (!set_flag(f, on)) {
      for (const auto& d : done) set_flag(d, !on);
      return false;
    }
    done.push_back(f);
  }
  return true;
}

std::vector<std::filesystem::path> database_files(const std::filesystem::path& db) {
  std::vector<std::filesystem::path> out;
  for (const char* suffix : {"", "-wal"}) {
    std::filesystem::path p = db.string() + suffix;
    if (std::filesystem::exists(p)) out.push_back(p);
  }
  return out;
}

}  // namespace headlined::testing
