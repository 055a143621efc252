// RFC 6962 / RFC 9162 Merkle tree hashing and proofs.
#include "crypto/merkle.h"

#include <sodium.h>

#include "crypto/random.h"

namespace iotmark::crypto {
namespace {

using Leaves = std::vector<Hash>;

// The largest power of two strictly smaller than n (n >= 2).
std::uint64_t SplitPoint(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[begin:end]).
Hash SubtreeHash(const Leaves& leaves, std::uint64_t begin, std::uint64_t end) {
  std::uint64_t n = end - begin;
  if (n == 0) return Sha256Raw("");
  if (n == 1) return leaves[begin];
  std::uint64_t k = SplitPoint(n);
  return NodeHash(SubtreeHash(leaves, begin, begin + k), SubtreeHash(leaves, begin + k, end));
}

void Path(const Leaves& leaves, std::uint64_t index, std::uint64_t begin, std::uint64_t end,
          std::vector<Hash>& out) {
  std::uint64_t n = end - begin;
  if (n <= 1) return;
  std::uint64_t k = SplitPoint(n);
  if (index < k) {
    Path(leaves, index, begin, begin + k, out);
    out.push_back(SubtreeHash(leaves, begin + k, end));
  } else {
    Path(leaves, index - k, begin + k, end, out);
    out.push_back(SubtreeHash(leaves, begin, begin + k));
  }
}

void SubProof(const Leaves& leaves, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
              bool complete_subtree, std::vector<Hash>& out) {
  std::uint64_t n = end - begin;
  if (m == n) {
    if (!complete_subtree) out.push_back(SubtreeHash(leaves, begin, end));
    return;
  }
  std::uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubProof(leaves, m, begin, begin + k, complete_subtree, out);
    out.push_back(SubtreeHash(leaves, begin + k, end));
  } else {
    SubProof(leaves, m - k, begin + k, end, false, out);
    out.push_back(SubtreeHash(leaves, begin, begin + k));
  }
}

Status CheckHash(std::string_view hash, std::string_view what) {
  if (hash.size() != crypto_hash_sha256_BYTES) {
    return Status::InvalidArgument(std::string(what) + " is not a 32-byte hash");
  }
  return Status::Ok();
}

}  // namespace

Hash Sha256Raw(std::string_view data) {
  EnsureSodium();
  Hash out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

Hash LeafHash(std::string_view leaf_data) {
  std::string input;
  input.reserve(leaf_data.size() + 1);
  input.push_back('\x00');
  input.append(leaf_data);
  return Sha256Raw(input);
}

Hash NodeHash(std::string_view left, std::string_view right) {
  std::string input;
  input.reserve(left.size() + right.size() + 1);
  input.push_back('\x01');
  input.append(left);
  input.append(right);
  return Sha256Raw(input);
}

Result<Hash> RootHash(const std::vector<Hash>& leaf_hashes, std::uint64_t tree_size) {
  if (tree_size > leaf_hashes.size()) {
    return Status::InvalidArgument("tree size " + std::to_string(tree_size) + " exceeds the " +
                                   std::to_string(leaf_hashes.size()) + " leaves known");
  }
  return SubtreeHash(leaf_hashes, 0, tree_size);
}

Result<Hash> RootHash(const std::vector<Hash>& leaf_hashes) {
  return RootHash(leaf_hashes, leaf_hashes.size());
}

Result<std::vector<Hash>> InclusionProof(const std::vector<Hash>& leaf_hashes, std::uint64_t index,
                                         std::uint64_t tree_size) {
  if (tree_size > leaf_hashes.size()) {
    return Status::InvalidArgument("tree size " + std::to_string(tree_size) + " exceeds the " +
                                   std::to_string(leaf_hashes.size()) + " leaves known");
  }
  if (index >= tree_size) {
    return Status::InvalidArgument("leaf index " + std::to_string(index) +
                                   " is not inside a tree of size " + std::to_string(tree_size));
  }
  std::vector<Hash> proof;
  Path(leaf_hashes, index, 0, tree_size, proof);
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(const std::vector<Hash>& leaf_hashes,
                                           std::uint64_t first_size, std::uint64_t second_size) {
  if (second_size > leaf_hashes.size()) {
    return Status::InvalidArgument("tree size " + std::to_string(second_size) + " exceeds the " +
                                   std::to_string(leaf_hashes.size()) + " leaves known");
  }
  if (first_size == 0 || first_size > second_size) {
    return Status::InvalidArgument("consistency needs 0 < first (" + std::to_string(first_size) +
                                   ") <= second (" + std::to_string(second_size) + ")");
  }
  std::vector<Hash> proof;
  if (first_size == second_size) return proof;
  SubProof(leaf_hashes, first_size, 0, second_size, true, proof);
  return proof;
}

Status VerifyInclusion(std::string_view leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                       const std::vector<Hash>& proof, std::string_view root) {
  IOTMARK_RETURN_IF_ERROR(CheckHash(leaf_hash, "leaf hash"));
  IOTMARK_RETURN_IF_ERROR(CheckHash(root, "root hash"));
  if (index >= tree_size) {
    return Status::InvalidArgument("leaf index " + std::to_string(index) +
                                   " is not inside a tree of size " + std::to_string(tree_size));
  }
  std::uint64_t fn = index;
  std::uint64_t sn = tree_size - 1;
  Hash r(leaf_hash);
  for (const Hash& p : proof) {
    IOTMARK_RETURN_IF_ERROR(CheckHash(p, "proof element"));
    if (sn == 0) return Status::InvalidArgument("inclusion proof is too long");
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("inclusion proof is too short");
  if (r != root) return Status::InvalidArgument("inclusion proof does not lead to the root hash");
  return Status::Ok();
}

Status VerifyConsistency(std::uint64_t first_size, std::uint64_t second_size,
                         std::string_view first_root, std::string_view second_root,
                         const std::vector<Hash>& proof) {
  IOTMARK_RETURN_IF_ERROR(CheckHash(first_root, "first root hash"));
  IOTMARK_RETURN_IF_ERROR(CheckHash(second_root, "second root hash"));
  if (first_size == 0 || first_size > second_size) {
    return Status::InvalidArgument("consistency needs 0 < first <= second");
  }
  if (first_size == second_size) {
    if (!proof.empty()) return Status::InvalidArgument("proof must be empty for equal sizes");
    if (first_root != second_root) return Status::InvalidArgument("equal sizes, different roots");
    return Status::Ok();
  }
  if (proof.empty()) return Status::InvalidArgument("consistency proof is empty");
  std::vector<Hash> path;
  if ((first_size & (first_size - 1)) == 0) path.emplace_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = first_size - 1;
  std::uint64_t sn = second_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  IOTMARK_RETURN_IF_ERROR(CheckHash(path[0], "proof element"));
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    IOTMARK_RETURN_IF_ERROR(CheckHash(c, "proof element"));
    if (sn == 0) return Status::InvalidArgument("consistency proof is too long");
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("consistency proof is too short");
  if (fr != first_root) return Status::InvalidArgument("proof does not match the first root");
  if (sr != second_root) return Status::InvalidArgument("proof does not match the second root");
  return Status::Ok();
}

}  // namespace iotmark::crypto
