#include "pg_cluster.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <random>

namespace iotmark::testing {

namespace {

std::string Quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

PgCluster::~PgCluster() {
  if (!folder_.empty()) Run("stop");
}

bool PgCluster::Run(const std::string& command, std::string* output) {
  std::string line = "bash " + Quote(std::string(IOTMARK_SOURCE_DIR) + "/scripts/pg-test-cluster.sh") +
                     " " + command + " " + Quote(folder_.string()) + " 2>&1";
  FILE* pipe = popen(line.c_str(), "r");
  if (!pipe) return false;
  std::array<char, 512> buffer{};
  std::string collected;
  while (std::fgets(buffer.data(), buffer.size(), pipe)) collected += buffer.data();
  int status = pclose(pipe);
  if (output) *output = collected;
  return status == 0;
}

bool PgCluster::Start(std::string* error) {
  std::random_device random;
  folder_ = std::filesystem::temp_directory_path() /
            ("iotmark-pg-" + std::to_string(getpid()) + "-" + std::to_string(random()));
  std::string output;
  if (!Run("start", &output)) {
    if (error) *error = output;
    folder_.clear();
    return false;
  }
  url_ = output.substr(0, output.find('\n'));
  return true;
}

bool PgCluster::Halt() { return Run("halt"); }
bool PgCluster::Resume() { return Run("resume"); }

}  // namespace iotmark::testing
