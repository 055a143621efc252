// Structural problems: wrong JSON types, unknown and missing fields, bad enum
// values, oversized values, each named by its JSON path.
#include "checklist/decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "checklist/encoder.h"
#include "checklist/test_pack.h"
#include "common/utf8.h"

namespace iotmark::checklist {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Json = nlohmann::ordered_json;

auto ProblemAt(const std::string& path, std::string_view code) {
  return AllOf(Field(&Problem::path, path), Field(&Problem::code, std::string(code)));
}

Json ValidTree() { return EncodeChecklist(testing::MakeValidChecklist()); }

TEST(DecoderTest, ValidTreeDecodesWithoutProblems) {
  DecodedChecklist decoded = DecodeChecklist(ValidTree());
  EXPECT_THAT(decoded.problems, IsEmpty());
  EXPECT_EQ(decoded.checklist, testing::MakeValidChecklist());
}

TEST(DecoderTest, WholeDocumentMustBeAnObject) {
  DecodedChecklist decoded = DecodeChecklist(Json::array());
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_THAT(decoded.problems[0], ProblemAt("$", problem_code::kWrongType));
  EXPECT_THAT(decoded.problems[0].message, HasSubstr("expected object, got array"));
}

TEST(DecoderTest, WrongTypesAreNamedWithTheirPath) {
  Json tree = ValidTree();
  tree["scheme"] = 7;
  tree["basic_info"]["firmware_version"] = 1.2;
  tree["results"][0]["evidence"] = "log.txt";
  tree["results"][1]["note"] = Json::array();
  tree["results"][2] = "S1.1-03";
  DecodedChecklist decoded = DecodeChecklist(tree);
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.scheme", problem_code::kWrongType)));
  EXPECT_THAT(decoded.problems,
              Contains(ProblemAt("$.basic_info.firmware_version", problem_code::kWrongType)));
  EXPECT_THAT(decoded.problems,
              Contains(ProblemAt("$.results[0].evidence", problem_code::kWrongType)));
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.results[1].note", problem_code::kWrongType)));
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.results[2]", problem_code::kWrongType)));
  EXPECT_EQ(decoded.problems.size(), 5u);
  // Results keep their file index even when one could not be read.
  EXPECT_EQ(decoded.checklist.results.size(), 3u);
}

TEST(DecoderTest, ContainersOfTheWrongTypeAreNamed) {
  Json tree = ValidTree();
  tree["basic_info"] = Json::array();
  tree["results"] = Json::object();
  DecodedChecklist decoded = DecodeChecklist(tree);
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.basic_info", problem_code::kWrongType)));
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.results", problem_code::kWrongType)));
  EXPECT_TRUE(decoded.rejected_paths.contains("$.results"));
}

TEST(DecoderTest, InvalidEnumValuesAreReported) {
  Json tree = ValidTree();
  tree["results"][0]["verdict"] = "pass";
  tree["results"][1]["method"] = "manual";
  DecodedChecklist decoded = DecodeChecklist(tree);
  ASSERT_EQ(decoded.problems.size(), 2u);
  EXPECT_THAT(decoded.problems[0], ProblemAt("$.results[0].verdict", problem_code::kInvalidValue));
  EXPECT_THAT(decoded.problems[0].message, HasSubstr("conform, nonconform, na"));
  EXPECT_THAT(decoded.problems[1], ProblemAt("$.results[1].method", problem_code::kInvalidValue));
  EXPECT_TRUE(decoded.rejected_paths.contains("$.results[0].verdict"));
}

TEST(DecoderTest, UnknownFieldsAreReported) {
  Json tree = ValidTree();
  tree["results"][2]["na_reson"] = "typo";
  tree["extra"] = 1;
  DecodedChecklist decoded = DecodeChecklist(tree);
  EXPECT_THAT(decoded.problems,
              Contains(ProblemAt("$.results[2].na_reson", problem_code::kUnknownField)));
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.extra", problem_code::kUnknownField)));
}

TEST(DecoderTest, UnusualKeysAreQuotedInPaths) {
  Json tree = ValidTree();
  tree["a b\n"] = 1;
  DecodedChecklist decoded = DecodeChecklist(tree);
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].path, "$[\"a b?\"]");
}

TEST(DecoderTest, RequiredStructureIsReportedWhenMissing) {
  Json tree = ValidTree();
  tree.erase("scheme");
  tree.erase("results");
  tree["basic_info"] = nullptr;
  DecodedChecklist decoded = DecodeChecklist(tree);
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.scheme", problem_code::kMissingField)));
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.basic_info", problem_code::kMissingField)));
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.results", problem_code::kMissingField)));
}

TEST(DecoderTest, EvidenceEntriesNeedPathAndHash) {
  Json tree = ValidTree();
  tree["results"][0]["evidence"] = Json::array({Json::object(), 5});
  DecodedChecklist decoded = DecodeChecklist(tree);
  EXPECT_THAT(decoded.problems,
              Contains(ProblemAt("$.results[0].evidence[0].path", problem_code::kMissingField)));
  EXPECT_THAT(decoded.problems,
              Contains(ProblemAt("$.results[0].evidence[0].sha256", problem_code::kMissingField)));
  EXPECT_THAT(decoded.problems,
              Contains(ProblemAt("$.results[0].evidence[1]", problem_code::kWrongType)));
}

TEST(DecoderTest, OverlongValuesAreRefusedWithoutEchoingThem) {
  Json tree = ValidTree();
  tree["results"][0]["note"] = std::string(10 << 20, 'x');
  DecodedChecklist decoded = DecodeChecklist(tree);
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_THAT(decoded.problems[0], ProblemAt("$.results[0].note", problem_code::kTooLong));
  EXPECT_LT(decoded.problems[0].message.size(), 200u);
  EXPECT_TRUE(decoded.checklist.results[0].note.empty());
}

TEST(DecoderTest, TooManyResultsAreCapped) {
  Json tree = ValidTree();
  tree["results"] = Json::array();
  for (std::size_t i = 0; i < kMaxResults + 5; ++i) tree["results"].push_back(Json::object());
  DecodedChecklist decoded = DecodeChecklist(tree);
  EXPECT_THAT(decoded.problems, Contains(ProblemAt("$.results", problem_code::kTooMany)));
  EXPECT_EQ(decoded.checklist.results.size(), kMaxResults);
}

// Found by checklist_yaml_fuzz: a key that is not UTF-8 (a tree built by
// other code than the document parser) made FieldPath's quoting throw
// json type_error.316; paths and excerpts are always UTF-8 now.
TEST(DecoderTest, KeysThatAreNotUtf8GiveUtf8PathsAndMessages) {
  std::string path = FieldPath("$", "criterio\x01\xa0\x0fn");
  EXPECT_FALSE(FindInvalidUtf8(path).has_value()) << path;
  EXPECT_EQ(path, "$[\"criterio???n\"]");
  EXPECT_EQ(Excerpt("ok\xff\xfe日本", 60), "ok??日本");
  EXPECT_EQ(Excerpt("\xe6\x97", 60), "??");
  Json tree = {{"scheme", "x"}, {"bad\xc3", 1}};
  DecodedChecklist decoded = DecodeChecklist(tree);
  for (const Problem& problem : decoded.problems) {
    EXPECT_FALSE(FindInvalidUtf8(problem.path).has_value()) << problem.path;
    EXPECT_FALSE(FindInvalidUtf8(problem.message).has_value()) << problem.message;
  }
}

}  // namespace
}  // namespace iotmark::checklist
