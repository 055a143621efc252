// Runs the iotmark binary on checklists, good and hostile: exit codes 0/1/2,
// messages naming file, path, line and column, never a crash or a hang.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog/catalog.h"
#include "checklist/validator.h"
#include "common/files.h"
#include "common/sha256.h"

#include "../support/cli_process.h"

namespace iotmark::checklist {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSchemes = std::string(IOTMARK_SOURCE_DIR) + "/schemes";

using iotmark::testing::Quote;
using iotmark::testing::RunOutput;
using iotmark::testing::Slurp;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = iotmark::testing::FreshTestFolder("iotmark-cli-test");
  }
  void TearDown() override { fs::remove_all(folder_); }

  // Runs iotmark with a 60 s limit; a hang shows up as exit code 124.
  RunOutput Iotmark(const std::vector<std::string>& args) {
    return iotmark::testing::RunIotmark(folder_, kSchemes, args);
  }

  fs::path Write(const std::string& name, const std::string& contents) {
    fs::path path = folder_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  // A checklist where every criterion is filled in through the CLI, with
  // real evidence files for the device-test criteria.
  void FillIn(const std::string& file) {
    ASSERT_EQ(Iotmark({"checklist", "init", "--scheme", "jcstar-star1", "-o", file}).exit_code, 0);
    RunOutput info = Iotmark({"checklist",
                              "set-info",
                              file,
                              "--vendor",
                              "株式会社サンプル電機",
                              "--product-name",
                              "スマートカメラ",
                              "--model-number",
                              "SC-100",
                              "--firmware-version",
                              "2.4.1",
                              "--product-type",
                              "ネットワークカメラ",
                              "--giteki-number",
                              "D 22-0001 201",
                              "--contact",
                              "psirt@example.jp",
                              "--vulnerability-policy-url",
                              "https://example.jp/security",
                              "--support-end",
                              "2030-03-31"});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    auto catalog = catalog::Catalog::Load(kSchemes);
    ASSERT_TRUE(catalog.ok()) << catalog.status().message();
    const catalog::Pack* pack = catalog->FindPack("jcstar-star1");
    ASSERT_NE(pack, nullptr);
    for (const catalog::Requirement& requirement : pack->requirements) {
      std::vector<std::string> args = {"checklist",   "set",          file,
                                       "--criterion", requirement.id, "--verdict",
                                       "conform",     "--method",     "document"};
      if (requirement.giteki_deeming) {
        args.back() = "deemed";
      } else if (requirement.RequiresDeviceTest()) {
        std::string evidence = "evidence/" + requirement.id + ".json";
        Write(evidence, "{\"criterion\": \"" + requirement.id + "\", \"result\": \"pass\"}");
        RunOutput added = Iotmark({"evidence", "add", file, evidence, "--criterion", requirement.id,
                                   "--method", "device-test"});
        ASSERT_EQ(added.exit_code, 0) << added.err;
        args.resize(args.size() - 2);
      }
      RunOutput set = Iotmark(args);
      ASSERT_EQ(set.exit_code, 0) << requirement.id << ": " << set.err;
    }
  }

  fs::path folder_;
};

TEST_F(CliTest, InitWritesEveryCriterionAndValidateListsEveryProblem) {
  RunOutput init = Iotmark({"checklist", "init", "--scheme", "jcstar-star1", "-o", "cl.json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  auto tree = nlohmann::json::parse(Slurp(folder_ / "cl.json"));
  ASSERT_EQ(tree["results"].size(), 16u);
  EXPECT_EQ(tree["results"][0]["criterion"], "S1.1-01");
  EXPECT_EQ(tree["results"][15]["criterion"], "S1.1-16");
  RunOutput validate = Iotmark({"checklist", "validate", "cl.json"});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_THAT(validate.out, HasSubstr("cl.json: $.basic_info.vendor: "));
  EXPECT_THAT(validate.out, HasSubstr("cl.json: $.results[0].verdict: "));
  EXPECT_THAT(validate.out, HasSubstr("cl.json: $.results[15].verdict: "));
  // A second init does not overwrite.
  EXPECT_EQ(Iotmark({"checklist", "init", "--scheme", "jcstar-star1", "-o", "cl.json"}).exit_code,
            2);
  EXPECT_EQ(Iotmark({"checklist", "init", "--scheme", "nope", "-o", "x.json"}).exit_code, 2);
  EXPECT_EQ(Iotmark({"checklist", "init", "--scheme", "jcstar-star1", "-o", "x.txt"}).exit_code, 2);
}

TEST_F(CliTest, FilledInChecklistValidatesAndExports) {
  FillIn("cl.yaml");
  RunOutput validate = Iotmark({"checklist", "validate", "cl.yaml"});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
  EXPECT_THAT(validate.out, HasSubstr("問題なし / valid"));
  // The file is still YAML after the edits.
  EXPECT_THAT(Slurp(folder_ / "cl.yaml"), HasSubstr("scheme: jcstar-star1"));

  ASSERT_EQ(
      Iotmark({"checklist", "export", "cl.yaml", "--format", "xlsx", "-o", "out.xlsx"}).exit_code,
      0);
  std::string strings;
  {
    std::string command = "unzip -p " + Quote((folder_ / "out.xlsx").string()) +
                          " xl/sharedStrings.xml xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::array<char, 4096> buffer;
    std::size_t read;
    while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      strings.append(buffer.data(), read);
    }
    EXPECT_EQ(::pclose(pipe), 0);
  }
  EXPECT_THAT(strings, HasSubstr("<sheetData>"));
  EXPECT_THAT(strings, HasSubstr("S1.1-01"));
  EXPECT_THAT(strings, HasSubstr("S1.1-16"));
  EXPECT_THAT(strings, HasSubstr("適合 / Conform"));
  EXPECT_THAT(strings, HasSubstr("株式会社サンプル電機"));
  EXPECT_THAT(strings, HasSubstr("evidence/S1.1-04.json (sha256: "));

  ASSERT_EQ(Iotmark({"checklist", "export", "cl.yaml", "--format", "md", "-o", "out.md"}).exit_code,
            0);
  EXPECT_THAT(Slurp(folder_ / "out.md"), HasSubstr("| S1.1-04 |"));
  ASSERT_EQ(
      Iotmark({"checklist", "export", "cl.yaml", "--format", "json", "-o", "out.json"}).exit_code,
      0);
  // The JSON export validates too (same folder, same evidence).
  EXPECT_EQ(Iotmark({"checklist", "validate", "out.json"}).exit_code, 0);
  EXPECT_EQ(Iotmark({"checklist", "export", "cl.yaml", "--format", "pdf", "-o", "x"}).exit_code, 2);
}

TEST_F(CliTest, ChangedEvidenceIsCaughtAndEvidenceAddRefreshesIt) {
  FillIn("cl.json");
  Write("evidence/S1.1-04.json", "tampered");
  RunOutput validate = Iotmark({"checklist", "validate", "cl.json", "--json"});
  EXPECT_EQ(validate.exit_code, 1);
  auto report = nlohmann::json::parse(validate.out);
  EXPECT_FALSE(report["valid"].get<bool>());
  ASSERT_EQ(report["problems"].size(), 1u);
  EXPECT_EQ(report["problems"][0]["code"], "evidence-hash-mismatch");
  EXPECT_THAT(report["problems"][0]["path"].get<std::string>(), HasSubstr(".evidence[0].sha256"));
  EXPECT_EQ(Iotmark({"checklist", "validate", "cl.json", "--evidence-files", "skip"}).exit_code, 0);
  ASSERT_EQ(
      Iotmark({"evidence", "add", "cl.json", "evidence/S1.1-04.json", "--criterion", "S1.1-04"})
          .exit_code,
      0);
  EXPECT_EQ(Iotmark({"checklist", "validate", "cl.json"}).exit_code, 0);
  fs::remove(folder_ / "evidence/S1.1-04.json");
  RunOutput missing = Iotmark({"checklist", "validate", "cl.json"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.out, HasSubstr("evidence file not found"));
  EXPECT_EQ(
      Iotmark({"checklist", "validate", "cl.json", "--evidence-files", "if-present"}).exit_code, 0);
}

TEST_F(CliTest, EvidenceOutsideTheFolderIsRefused) {
  ASSERT_EQ(
      Iotmark({"checklist", "init", "--scheme", "jcstar-star1", "-o", "sub/cl.json"}).exit_code, 0);
  Write("outside.txt", "x");
  RunOutput add =
      Iotmark({"evidence", "add", "sub/cl.json", "outside.txt", "--criterion", "S1.1-04"});
  EXPECT_EQ(add.exit_code, 2);
  EXPECT_THAT(add.err, HasSubstr("inside the checklist's folder"));
  Write("sub/ok.txt", "x");
  EXPECT_EQ(
      Iotmark({"evidence", "add", "sub/cl.json", "sub/ok.txt", "--criterion", "S1.1-99"}).exit_code,
      2);
  RunOutput ok =
      Iotmark({"evidence", "add", "sub/cl.json", "sub/ok.txt", "--criterion", "S1.1-04"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(Slurp(folder_ / "sub/cl.json"), HasSubstr("\"path\": \"ok.txt\""));
  EXPECT_THAT(Slurp(folder_ / "sub/cl.json"), HasSubstr(Sha256Hex("x")));
}

TEST_F(CliTest, SetRejectsBadValues) {
  ASSERT_EQ(Iotmark({"checklist", "init", "--scheme", "jcstar-star1", "-o", "cl.json"}).exit_code,
            0);
  EXPECT_EQ(Iotmark({"checklist", "set", "cl.json", "--criterion", "S1.1-01", "--verdict", "ok"})
                .exit_code,
            2);
  EXPECT_EQ(Iotmark({"checklist", "set", "cl.json", "--criterion", "S1.1-01", "--verdict",
                     "conform", "--method", "magic"})
                .exit_code,
            2);
  EXPECT_EQ(Iotmark({"checklist", "set", "cl.json", "--criterion", "S9", "--verdict", "conform"})
                .exit_code,
            2);
  EXPECT_EQ(Iotmark({"checklist", "set-info", "cl.json"}).exit_code, 2);
}

TEST_F(CliTest, TruncatedJsonIsExit2WithLineAndColumn) {
  Write("cl.json", "{\n  \"scheme\": \"jcstar-star1\",\n  \"results\": [\n    {\"criterion\": ");
  RunOutput run = Iotmark({"checklist", "validate", "cl.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("cl.json:4:"));
  RunOutput json = Iotmark({"checklist", "validate", "cl.json", "--json"});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(json.out)["error"]["code"], "parse error");
}

TEST_F(CliTest, WrongTypesAreExit1WithPaths) {
  Write(
      "cl.json",
      R"({"scheme": "jcstar-star1", "basic_info": [], "results": [{"criterion": 4, "evidence": {}}]})");
  RunOutput run = Iotmark({"checklist", "validate", "cl.json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("cl.json: $.basic_info: "));
  EXPECT_THAT(run.out, HasSubstr("cl.json: $.results[0].criterion: "));
  EXPECT_THAT(run.out, HasSubstr("cl.json: $.results[0].evidence: "));
  EXPECT_THAT(run.out, HasSubstr("expected array, got object"));
  // Editing commands refuse such a file instead of silently dropping data.
  EXPECT_EQ(
      Iotmark({"checklist", "set", "cl.json", "--criterion", "S1.1-01", "--verdict", "conform"})
          .exit_code,
      2);
}

TEST_F(CliTest, TenMegabyteStringIsExit1) {
  std::string big(10 << 20, 'A');
  Write("cl.json", "{\"scheme\": \"jcstar-star1\", \"basic_info\": {\"vendor\": \"" + big +
                       "\"}, \"results\": []}");
  Write("cl.yaml", "scheme: jcstar-star1\nbasic_info:\n  vendor: " + big + "\nresults: []\n");
  for (const char* file : {"cl.json", "cl.yaml"}) {
    auto start = std::chrono::steady_clock::now();
    RunOutput run = Iotmark({"checklist", "validate", file});
    EXPECT_EQ(run.exit_code, 1) << file << run.err;
    EXPECT_THAT(run.out, HasSubstr("$.basic_info.vendor: 長すぎます / too long"));
    EXPECT_LT(run.out.size(), 20000u);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  }
}

TEST_F(CliTest, InvalidUtf8IsExit2AndNamed) {
  Write("cl.yaml", "scheme: jcstar-star1\nbasic_info:\n  vendor: \"\xff\xfe\"\n");
  RunOutput run = Iotmark({"checklist", "validate", "cl.yaml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("cl.yaml:3:12:"));
  EXPECT_THAT(run.err, HasSubstr("invalid UTF-8"));
}

TEST_F(CliTest, YamlBombIsExit2Quickly) {
  std::string bomb = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n";
  for (char name = 'b'; name <= 'z'; ++name) {
    std::string previous(1, static_cast<char>(name - 1));
    bomb += std::string(1, name) + ": &" + name + " [*" + previous + ",*" + previous + ",*" +
            previous + ",*" + previous + ",*" + previous + ",*" + previous + "]\n";
  }
  Write("bomb.yaml", bomb);
  auto start = std::chrono::steady_clock::now();
  RunOutput run = Iotmark({"checklist", "validate", "bomb.yaml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("anchors are not allowed"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

// Issue 11: a syntax error at a multi-byte character (nlohmann quotes half of
// it) and a syntax error after a 1 MB number still give one JSON document on
// stdout, valid UTF-8 and bounded, exit 2.
TEST_F(CliTest, JsonSyntaxErrorAtMultiByteCharacterGivesJson) {
  Write("cl.json", "{\"scheme\": \"jcstar-star1\", \"results\": [ネ]}");
  Write("big.json", "{\"scheme\": " + std::string(1 << 20, '1') + "x}");
  for (const char* file : {"cl.json", "big.json"}) {
    RunOutput run = Iotmark({"checklist", "validate", file, "--json"});
    EXPECT_EQ(run.exit_code, 2) << file << run.err;
    ASSERT_FALSE(run.out.empty()) << file << run.err;
    auto parsed = nlohmann::json::parse(run.out, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << run.out.substr(0, 300);
    EXPECT_EQ(parsed["error"]["code"], "parse error");
    EXPECT_THAT(parsed["error"]["message"].get<std::string>(), HasSubstr(file));
    EXPECT_LT(run.out.size(), 2000u) << file;
    EXPECT_THAT(run.err, Not(HasSubstr("internal error")));
  }
}

TEST_F(CliTest, YamlTagsAreRefused) {
  for (const char* tagged : {"scheme: !foo jcstar-star1\n", "scheme: !!binary aGVsbG8=\n",
                             "basic_info: !!map {vendor: x}\n", "results: !seq []\n"}) {
    Write("cl.yaml", tagged);
    RunOutput run = Iotmark({"checklist", "validate", "cl.yaml"});
    EXPECT_EQ(run.exit_code, 2) << tagged;
    EXPECT_THAT(run.err, HasSubstr("YAML tags are not allowed")) << tagged;
  }
}

TEST_F(CliTest, OtherHostileInputNeverCrashes) {
  Write("deep.json", std::string(200000, '[') + std::string(200000, ']'));
  Write("deep.yaml", std::string(200000, '[') + std::string(200000, ']'));
  Write("blockdeep.yaml", [] {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
    return text;
  }());
  Write("empty.json", "");
  Write("empty.yaml", "");
  Write("scalar.yaml", "just a string\n");
  Write("array.json", "[1, 2, 3]");
  Write("garbage.json", std::string("\x00\x01\x02{{{", 6));
  Write("huge.json", std::string(17 << 20, ' '));
  Write("nul.yaml", std::string("scheme: a\x00b\n", 12));
  Write("tabs.yaml", "scheme:\tjcstar-star1\n\t- x\n");
  fs::create_directories(folder_ / "dir.json");
  for (const char* file : {"deep.json", "deep.yaml", "blockdeep.yaml", "empty.json", "empty.yaml",
                           "scalar.yaml", "array.json", "garbage.json", "huge.json", "nul.yaml",
                           "tabs.yaml", "dir.json", "missing.json"}) {
    RunOutput run = Iotmark({"checklist", "validate", file});
    EXPECT_TRUE(run.exit_code == 1 || run.exit_code == 2)
        << file << " exit " << run.exit_code << " " << run.err;
    EXPECT_FALSE(run.out.empty() && run.err.empty()) << file << ": no message";
  }
}

// The example in docs/checklist-format.md validates against the real catalog.
TEST(DocumentationTest, ExampleInTheFormatDocumentValidates) {
  auto doc = ReadFile(std::string(IOTMARK_SOURCE_DIR) + "/docs/checklist-format.md");
  ASSERT_TRUE(doc.ok());
  const std::string fence = "```json checklist-example\n";
  auto start = doc->find(fence);
  ASSERT_NE(start, std::string::npos);
  start += fence.size();
  auto end = doc->find("\n```", start);
  ASSERT_NE(end, std::string::npos);
  auto catalog = catalog::Catalog::Load(kSchemes);
  ASSERT_TRUE(catalog.ok()) << catalog.status().message();
  auto report = ValidateText(doc->substr(start, end - start), Format::kJson, "example",
                             LookupIn(*catalog), {.evidence_files = EvidenceFileCheck::kSkip});
  ASSERT_TRUE(report.ok()) << report.status().message();
  for (const Problem& problem : report->problems)
    ADD_FAILURE() << FormatProblem("example", problem);
  EXPECT_EQ(report->checklist.results.size(), 16u);
}

}  // namespace
}  // namespace iotmark::checklist
