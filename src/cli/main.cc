// The `iotmark` binary: parses the command line and runs one subcommand.
#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/command.h"

int main(int argc, char** argv) {
  using namespace iotmark::cli;
  CLI::App app{
      "iotmark — IoT security conformity labelling (JC-STAR ★1, BMSec, CCDS)\n"
      "IoTセキュリティ適合性評価・ラベリング (JC-STAR)\n\n"
      "Exit codes: 0 ok, 1 check failed, 2 usage or input error.",
      "iotmark"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "iotmark 0.1.0");
  Context context;
  app.add_option("--schemes", context.schemes_dir,
                 "Folder of scheme packs (default: $IOTMARK_SCHEMES_DIR, ./schemes, or the installed ones)");
  SetupAllCommands(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "iotmark: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
  return context.exit_code;
}
