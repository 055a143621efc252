// Running the `iotmark` binary from a test, as a user's shell would: in a
// folder of the test's own, with a time limit, capturing exit code, stdout and
// stderr. Header-only; the including test defines IOTMARK_BINARY.
#ifndef IOTMARK_TESTS_SUPPORT_CLI_PROCESS_H_
#define IOTMARK_TESTS_SUPPORT_CLI_PROCESS_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#ifndef IOTMARK_BINARY
#error "define IOTMARK_BINARY (the path of the iotmark binary) for this test"
#endif

namespace iotmark::testing {

struct RunOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `text` as one single-quoted shell word.
inline std::string Quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// An empty folder named after `prefix`, the process and the running test.
inline std::filesystem::path FreshTestFolder(const std::string& prefix) {
  std::filesystem::path folder =
      std::filesystem::temp_directory_path() /
      (prefix + "-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

// Runs `iotmark --schemes SCHEMES ARGS…` in `folder`; a run past `timeout_s`
// shows up as exit code 124. `stdin_text` (plus a newline) is its input when
// not empty.
inline RunOutput RunIotmark(const std::filesystem::path& folder, const std::string& schemes,
                            const std::vector<std::string>& args, int timeout_s = 60,
                            const std::string& stdin_text = "") {
  std::string command = "cd " + Quote(folder.string()) + " && ";
  if (!stdin_text.empty()) command += "printf '%s\\n' " + Quote(stdin_text) + " | ";
  command += "timeout " + std::to_string(timeout_s) + " " + Quote(IOTMARK_BINARY) +
             " --schemes " + Quote(schemes);
  for (const auto& arg : args) command += " " + Quote(arg);
  command += " >" + Quote((folder / ".stdout").string()) + " 2>" +
             Quote((folder / ".stderr").string());
  const int status = std::system(command.c_str());
  RunOutput run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = Slurp(folder / ".stdout");
  run.err = Slurp(folder / ".stderr");
  return run;
}

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_SUPPORT_CLI_PROCESS_H_
