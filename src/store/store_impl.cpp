#include "store_impl.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "headlined/core/time.hpp"

namespace headlined::store {

namespace {

// The kind of write fault a failed SQLite call means, if any. SQLite reports a full disk
// as SQLITE_FULL when a write comes up short, but as SQLITE_IOERR_WRITE (or _FSYNC,
// _TRUNCATE ...) when it fails outright; the errno tells those apart from a device error.
std::optional<WriteFault::Kind> classify(int code, int sys_errno) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return WriteFault::Kind::DiskFull;
    case SQLITE_READONLY:
      return WriteFault::Kind::ReadOnly;
    case SQLITE_CANTOPEN:  // e.g. the -wal or -shm file beside it cannot be created
    case SQLITE_IOERR:
      if (sys_errno == ENOSPC || sys_errno == EDQUOT || sys_errno == EFBIG)
        return WriteFault::Kind::DiskFull;
      if (sys_errno == EROFS || sys_errno == EPERM || sys_errno == EACCES)
        return WriteFault::Kind::ReadOnly;
      return WriteFault::Kind::IoError;
    default:
      return std::nullopt;
  }
}

// SQLite's errno of a failed write is often lost (other calls ran since, e.g. the automatic
// rollback): then the files tell. A database or -wal file that cannot be opened for writing
// is read-only; a filesystem without free space, or a file at this process's size limit,
// is full.
std::optional<std::pair<WriteFault::Kind, int>> diagnose(const std::string& path) {
  if (path.empty() || path == ":memory:") return std::nullopt;
  for (const std::string& file : {path, path + "-wal"}) {
    if (access(file.c_str(), F_OK) != 0) continue;
    if (access(file.c_str(), W_OK) != 0) return std::pair{WriteFault::Kind::ReadOnly, errno};
  }
  const std::filesystem::path dir = std::filesystem::absolute(path).parent_path();
  if (access(dir.c_str(), W_OK) != 0) return std::pair{WriteFault::Kind::ReadOnly, errno};
  struct statvfs fs {};
  if (statvfs(dir.c_str(), &fs) == 0 && fs.f_bavail * fs.f_frsize < 64 * 1024)
    return std::pair{WriteFault::Kind::DiskFull, ENOSPC};
  rlimit limit{};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    for (const std::string& file : {path, path + "-wal"}) {
      struct stat st {};
      // Within a page or two of the limit: the next frame or page does not fit.
      if (stat(file.c_str(), &st) == 0 &&
          static_cast<rlim_t>(st.st_size) + 2 * 65536 >= limit.rlim_cur)
        return std::pair{WriteFault::Kind::DiskFull, EFBIG};
    }
  }
  return std::nullopt;
}

std::string describe(WriteFault::Kind kind, int sys_errno) {
  std::string cause;
  switch (kind) {
    case WriteFault::Kind::DiskFull:
      cause = sys_errno == EFBIG ? "file size limit reached" : "disk full";
      break;
    case WriteFault::Kind::ReadOnly:
      cause = "read-only";
      break;
    case WriteFault::Kind::IoError:
      cause = "I/O error";
      break;
    case WriteFault::Kind::Unavailable:  // PostgreSQL's; a file is never "unreachable"
      cause = "server unreachable";
      break;
  }
  if (sys_errno != 0) cause += std::string(" (") + std::strerror(sys_errno) + ")";
  return cause;
}

}  // namespace

Connection::~Connection() {
  statements.clear();  // finalised first: a connection with live statements does not close
  sqlite3_close_v2(db);
}

Error Connection::error(std::string_view op) const {
  if (db) {
    last_code = sqlite3_extended_errcode(db);
    last_errno = sqlite3_system_errno(db);
  }
  return error(op, db ? sqlite3_errmsg(db) : "out of memory");
}

Error Connection::error(std::string_view op, std::string_view message) const {
  return Error{std::string(op) + ": " + std::string(message), path};
}

Result<void> Connection::exec(std::string_view op, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    last_code = sqlite3_extended_errcode(db);
    last_errno = sqlite3_system_errno(db);
    Error e = error(op, message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return std::unexpected(e);
  }
  return {};
}

void Connection::rollback() {
  // Some errors (e.g. SQLITE_FULL) already end the transaction; rolling back then is a no-op.
  if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Connection::note_write_failure(const Error& error) {
  auto kind = classify(last_code, last_errno);
  if (!kind) return;
  int sys_errno = last_errno;
  if (*kind == WriteFault::Kind::IoError || sys_errno == 0) {
    if (auto found = diagnose(path)) {
      kind = found->first;
      sys_errno = found->second;
    }
  }
  std::lock_guard lock(fault_mutex);
  const bool same = fault && fault->kind == *kind;
  WriteFault next{*kind, describe(*kind, sys_errno), error.what, path,
                  same ? fault->since : now_unix()};
  fault = std::move(next);
}

void Connection::note_write_success() {
  std::lock_guard lock(fault_mutex);
  fault.reset();
}

StorageCheck Connection::check_storage() const {
  StorageCheck out;
  out.path = path;
  if (path.empty() || path == ":memory:") return out;
  if (auto found = diagnose(path)) out.problem = describe(found->first, found->second);
  const std::filesystem::path dir = std::filesystem::absolute(path).parent_path();
  struct statvfs fs {};
  if (statvfs(dir.c_str(), &fs) == 0)
    out.free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
  return out;
}

}  // namespace headlined::store
