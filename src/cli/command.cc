#include "cli/command.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "common/files.h"

namespace iotmark::cli {
namespace {

std::vector<std::pair<std::string, CommandSetup>>& Registry() {
  static std::vector<std::pair<std::string, CommandSetup>> registry;
  return registry;
}

}  // namespace

bool RegisterCommand(const char* name, CommandSetup setup) {
  Registry().emplace_back(name, setup);
  return true;
}

void SetupAllCommands(CLI::App& root, Context& context) {
  auto commands = Registry();
  std::sort(commands.begin(), commands.end());
  for (auto& [name, setup] : commands) setup(root, context);
}

std::string SchemesDirectory(const Context& context) {
  if (!context.schemes_dir.empty()) return context.schemes_dir;
  return DefaultSchemesDirectory().string();
}

}  // namespace iotmark::cli
