// `headlined backup FILE`: a consistent copy of the database while the daemon runs.
#include <iostream>

#include "cli/admin_support.hpp"

namespace headlined::cli {

int command_backup(const AdminOptions& options) {
  const std::string_view command = "backup";
  auto store = open_store_for(command, options);
  if (!store) return store.error();
  auto done = (*store)->backup_to(options.file, options.force);
  if (!done) return report(command, done.error().to_string(), kExitFailed);
  std::cout << "backed up to " << options.file << " (integrity check ok)\n";
  return kExitDone;
}

}  // namespace headlined::cli
