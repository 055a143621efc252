// `iotmark vulndb update` (src/cli/vulndb_update_command.cc), added to the
// `vulndb` command by vulndb_command.cc.
#ifndef IOTMARK_CLI_VULNDB_UPDATE_COMMAND_H_
#define IOTMARK_CLI_VULNDB_UPDATE_COMMAND_H_

#include "cli/command.h"

namespace iotmark::cli {

void SetupVulndbUpdate(CLI::App& vulndb, Context& context);

}  // namespace iotmark::cli

#endif  // IOTMARK_CLI_VULNDB_UPDATE_COMMAND_H_
