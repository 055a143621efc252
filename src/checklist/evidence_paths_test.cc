#include "checklist/evidence_paths.h"

#include <gtest/gtest.h>

#include "checklist/test_pack.h"

namespace iotmark::checklist {
namespace {

TEST(EvidencePathsTest, FormRules) {
  EXPECT_TRUE(CheckEvidencePathForm("evidence/log.txt").ok());
  EXPECT_TRUE(CheckEvidencePathForm("証跡/ログ.txt").ok());
  EXPECT_TRUE(CheckEvidencePathForm("a..b/c").ok());
  for (const char* bad :
       {"", "/abs", "..", "a/../b", "a/..", "./a", "a//b", "a/", "a\\b", "C:x", "a\nb"}) {
    EXPECT_FALSE(CheckEvidencePathForm(bad).ok()) << bad;
  }
}

TEST(EvidencePathsTest, MakeEvidencePathIsRelativeToTheFolder) {
  testing::ScratchFolder folder;
  auto file = folder.Write("evidence/run 1/log.txt", "x");
  auto relative = MakeEvidencePath(folder.path(), file);
  ASSERT_TRUE(relative.ok()) << relative.status().message();
  EXPECT_EQ(*relative, "evidence/run 1/log.txt");
  testing::ScratchFolder other;
  EXPECT_FALSE(MakeEvidencePath(folder.path(), other.Write("x.txt", "x")).ok());
  EXPECT_FALSE(MakeEvidencePath(folder.path(), folder.path() / "missing.txt").ok());
  EXPECT_FALSE(MakeEvidencePath(folder.path(), folder.path() / "evidence").ok());
}

TEST(EvidencePathsTest, ResolveFindsFilesAndRefusesEscapes) {
  testing::ScratchFolder folder;
  folder.Write("a/b.txt", "x");
  EXPECT_TRUE(ResolveEvidencePath(folder.path(), "a/b.txt").ok());
  EXPECT_EQ(ResolveEvidencePath(folder.path(), "a/c.txt").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ResolveEvidencePath(folder.path(), "a").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ResolveEvidencePath(folder.path(), "../x").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(EvidencePathsTest, Sha256Form) {
  EXPECT_TRUE(IsSha256Hex(std::string(64, 'f')));
  EXPECT_FALSE(IsSha256Hex(std::string(64, 'F')));
  EXPECT_FALSE(IsSha256Hex(std::string(63, 'a')));
  EXPECT_FALSE(IsSha256Hex(std::string(64, 'g')));
}

}  // namespace
}  // namespace iotmark::checklist
