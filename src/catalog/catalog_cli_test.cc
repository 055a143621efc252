// `iotmark catalog …` run as a process: exit codes and the JSON it prints.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

ProcessResult Iotmark(const std::string& arguments) {
  std::string command = std::string(IOTMARK_BINARY) + " --schemes '" + IOTMARK_SOURCE_SCHEMES_DIR +
                        "' " + arguments + " 2>&1";
  ProcessResult run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, read);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(CatalogCliTest, CrosswalkJson) {
  ProcessResult run = Iotmark("catalog crosswalk --scheme etsi-en-303-645 --ref 5.1-5 --json");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto json = nlohmann::json::parse(run.output);
  ASSERT_FALSE(json["hits"].empty());
  EXPECT_EQ(json["hits"][0]["requirement"], "S1.1-04");
  EXPECT_EQ(json["hits"][0]["pack"], "jcstar-star1");
}

TEST(CatalogCliTest, ListShowAndCoverage) {
  ProcessResult list = Iotmark("catalog list --scheme jcstar-star1 --json");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_EQ(nlohmann::json::parse(list.output)["requirements"].size(), 16u);

  ProcessResult show = Iotmark("catalog show S1.1-13");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("実機テスト / Device test"), std::string::npos);
  EXPECT_NE(show.output.find("推奨の脆弱性検査ツールが無い場合"), std::string::npos);

  ProcessResult coverage =
      Iotmark("catalog coverage --scheme jcstar-star1 --against uk-psti --json");
  ASSERT_EQ(coverage.exit_code, 0) << coverage.output;
  EXPECT_EQ(nlohmann::json::parse(coverage.output)["covered_count"], 3);
}

TEST(CatalogCliTest, UnknownIdsExitTwo) {
  ProcessResult show = Iotmark("catalog show S1.1-99");
  EXPECT_EQ(show.exit_code, 2);
  EXPECT_NE(show.output.find("unknown id \"S1.1-99\""), std::string::npos) << show.output;
  EXPECT_EQ(Iotmark("catalog crosswalk --scheme nowhere --ref 5.1-5").exit_code, 2);
  EXPECT_EQ(Iotmark("catalog crosswalk --scheme etsi-en-303-645 --ref 9.9-9").exit_code, 2);
  EXPECT_EQ(Iotmark("catalog coverage --scheme jcstar-star1 --against nowhere").exit_code, 2);
  EXPECT_EQ(Iotmark("catalog list --scheme nowhere").exit_code, 2);
}

TEST(CatalogCliTest, ValidateGoodAndBrokenFolders) {
  ProcessResult good = Iotmark("catalog validate");
  EXPECT_EQ(good.exit_code, 0) << good.output;
  auto directory = std::filesystem::temp_directory_path() /
                   ("iotmark_catalog_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  std::ofstream(directory / "bad.yaml") << "id: x\nkind: criteria\nname_ja: [\n";
  ProcessResult bad = Iotmark("catalog validate '" + directory.string() + "'");
  std::filesystem::remove_all(directory);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("bad.yaml:"), std::string::npos) << bad.output;
}

}  // namespace
