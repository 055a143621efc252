// Subcommand registration for the `iotmark` binary.
//
// Each subcommand lives in its own file in src/cli/ and registers itself:
//
//   namespace iotmark::cli {
//   static void SetupCatalog(CLI::App& root, Context& context) {
//     auto* command = root.add_subcommand("catalog", "Browse scheme criteria");
//     command->callback([&context] { context.exit_code = ...; });
//   }
//   IOTMARK_REGISTER_COMMAND(catalog, SetupCatalog);
//   }
//
// main.cc only parses and dispatches. Exit codes that scripts can trust:
//   0 success; 1 the checked thing failed (invalid checklist, a FAILed test);
//   2 usage error, unreadable input or a tool error.
#ifndef IOTMARK_CLI_COMMAND_H_
#define IOTMARK_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string>

namespace iotmark::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitUsage = 2;

// State shared by all subcommands for one run of the binary.
struct Context {
  std::string schemes_dir;  // --schemes, empty = DefaultSchemesDirectory()
  int exit_code = kExitOk;
};

using CommandSetup = void (*)(CLI::App& root, Context& context);

// Returns true so it can initialise a static; `order` sorts --help output.
bool RegisterCommand(const char* name, CommandSetup setup);
void SetupAllCommands(CLI::App& root, Context& context);

// The schemes folder for this run (--schemes or the default search).
std::string SchemesDirectory(const Context& context);

}  // namespace iotmark::cli

#define IOTMARK_REGISTER_COMMAND(name, setup) \
  static const bool iotmark_registered_##name = ::iotmark::cli::RegisterCommand(#name, setup)

#endif  // IOTMARK_CLI_COMMAND_H_
