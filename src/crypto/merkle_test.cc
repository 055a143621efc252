#include "crypto/merkle.h"

#include <gtest/gtest.h>

#include "crypto/random.h"

namespace iotmark::crypto {
namespace {

// The RFC 6962 reference inputs used by Certificate Transparency's test suite.
std::vector<Hash> ReferenceLeaves() {
  const std::vector<std::string> hex_inputs = {"",
                                               "00",
                                               "10",
                                               "2021",
                                               "3031",
                                               "40414243",
                                               "5051525354555657",
                                               "606162636465666768696a6b6c6d6e6f"};
  std::vector<Hash> leaves;
  for (const std::string& hex : hex_inputs) leaves.push_back(LeafHash(*HexDecode(hex)));
  return leaves;
}

std::vector<Hash> NumberedLeaves(int count) {
  std::vector<Hash> leaves;
  for (int i = 0; i < count; ++i) leaves.push_back(LeafHash("event " + std::to_string(i)));
  return leaves;
}

TEST(MerkleTest, MatchesCertificateTransparencyReferenceRoots) {
  const std::vector<std::string> expected = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  std::vector<Hash> leaves = ReferenceLeaves();
  for (std::size_t size = 1; size <= leaves.size(); ++size) {
    auto root = RootHash(leaves, size);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(HexEncode(*root), expected[size - 1]) << "tree size " << size;
  }
  EXPECT_EQ(HexEncode(*RootHash({}, 0)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleTest, EveryInclusionProofVerifies) {
  std::vector<Hash> leaves = NumberedLeaves(33);
  for (std::uint64_t size = 1; size <= leaves.size(); ++size) {
    Hash root = *RootHash(leaves, size);
    for (std::uint64_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(leaves, index, size);
      ASSERT_TRUE(proof.ok());
      Status verified = VerifyInclusion(leaves[index], index, size, *proof, root);
      EXPECT_TRUE(verified.ok()) << "index " << index << " size " << size << ": "
                                 << verified.ToString();
    }
  }
}

TEST(MerkleTest, TamperedInclusionProofsFail) {
  std::vector<Hash> leaves = NumberedLeaves(13);
  Hash root = *RootHash(leaves);
  auto proof = *InclusionProof(leaves, 5, 13);
  ASSERT_FALSE(proof.empty());
  // Wrong leaf.
  EXPECT_FALSE(VerifyInclusion(LeafHash("forged"), 5, 13, proof, root).ok());
  // Wrong index.
  EXPECT_FALSE(VerifyInclusion(leaves[5], 4, 13, proof, root).ok());
  // Each proof element altered.
  for (std::size_t i = 0; i < proof.size(); ++i) {
    auto altered = proof;
    altered[i][0] = static_cast<char>(altered[i][0] ^ 1);
    EXPECT_FALSE(VerifyInclusion(leaves[5], 5, 13, altered, root).ok()) << "element " << i;
  }
  // Truncated and extended proofs.
  auto shorter = proof;
  shorter.pop_back();
  EXPECT_FALSE(VerifyInclusion(leaves[5], 5, 13, shorter, root).ok());
  auto longer = proof;
  longer.push_back(leaves[0]);
  EXPECT_FALSE(VerifyInclusion(leaves[5], 5, 13, longer, root).ok());
  // Other root, index outside, malformed hash.
  EXPECT_FALSE(VerifyInclusion(leaves[5], 5, 13, proof, *RootHash(leaves, 12)).ok());
  EXPECT_FALSE(VerifyInclusion(leaves[5], 13, 13, proof, root).ok());
  EXPECT_FALSE(VerifyInclusion("short", 5, 13, proof, root).ok());
  EXPECT_FALSE(InclusionProof(leaves, 13, 13).ok());
  EXPECT_FALSE(InclusionProof(leaves, 0, 14).ok());
}

TEST(MerkleTest, EveryConsistencyProofVerifies) {
  std::vector<Hash> leaves = NumberedLeaves(33);
  for (std::uint64_t second = 1; second <= leaves.size(); ++second) {
    Hash second_root = *RootHash(leaves, second);
    for (std::uint64_t first = 1; first <= second; ++first) {
      auto proof = ConsistencyProof(leaves, first, second);
      ASSERT_TRUE(proof.ok());
      Status verified =
          VerifyConsistency(first, second, *RootHash(leaves, first), second_root, *proof);
      EXPECT_TRUE(verified.ok()) << first << " → " << second << ": " << verified.ToString();
    }
  }
}

TEST(MerkleTest, ConsistencyFailsWhenHistoryWasRewritten) {
  std::vector<Hash> leaves = NumberedLeaves(20);
  Hash old_root = *RootHash(leaves, 7);
  // The log operator rewrites entry 3 and extends the log.
  std::vector<Hash> rewritten = leaves;
  rewritten[3] = LeafHash("rewritten");
  auto proof = *ConsistencyProof(rewritten, 7, 20);
  EXPECT_FALSE(VerifyConsistency(7, 20, old_root, *RootHash(rewritten), proof).ok());
  // Honest proof, altered elements.
  auto honest = *ConsistencyProof(leaves, 7, 20);
  Hash new_root = *RootHash(leaves);
  ASSERT_TRUE(VerifyConsistency(7, 20, old_root, new_root, honest).ok());
  for (std::size_t i = 0; i < honest.size(); ++i) {
    auto altered = honest;
    altered[i][5] = static_cast<char>(altered[i][5] ^ 0x80);
    EXPECT_FALSE(VerifyConsistency(7, 20, old_root, new_root, altered).ok()) << "element " << i;
  }
  EXPECT_FALSE(VerifyConsistency(7, 20, old_root, new_root, {}).ok());
  EXPECT_FALSE(VerifyConsistency(8, 20, old_root, new_root, honest).ok());
  EXPECT_FALSE(VerifyConsistency(7, 7, old_root, new_root, {}).ok());
  EXPECT_TRUE(VerifyConsistency(7, 7, old_root, old_root, {}).ok());
  EXPECT_FALSE(ConsistencyProof(leaves, 0, 5).ok());
  EXPECT_FALSE(ConsistencyProof(leaves, 6, 5).ok());
}

}  // namespace
}  // namespace iotmark::crypto
