// Merkle tree hashing, inclusion and consistency proofs as in Certificate
// Transparency (RFC 6962 §2.1, RFC 9162 §2.1):
//   leaf hash  = SHA-256(0x00 || data)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")
// The tree over n leaves splits at the largest power of two smaller than n.
// All hashes here are raw 32-byte strings. Pure functions, thread-safe.
#ifndef IOTMARK_CRYPTO_MERKLE_H_
#define IOTMARK_CRYPTO_MERKLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace iotmark::crypto {

using Hash = std::string;  // 32 raw bytes

Hash Sha256Raw(std::string_view data);
Hash LeafHash(std::string_view leaf_data);
Hash NodeHash(std::string_view left, std::string_view right);

// MTH over the first `tree_size` of `leaf_hashes`.
Result<Hash> RootHash(const std::vector<Hash>& leaf_hashes, std::uint64_t tree_size);
Result<Hash> RootHash(const std::vector<Hash>& leaf_hashes);

// PATH(index, D[0:tree_size]).
Result<std::vector<Hash>> InclusionProof(const std::vector<Hash>& leaf_hashes, std::uint64_t index,
                                         std::uint64_t tree_size);
// PROOF(first_size, D[0:second_size]).
Result<std::vector<Hash>> ConsistencyProof(const std::vector<Hash>& leaf_hashes,
                                           std::uint64_t first_size, std::uint64_t second_size);

// RFC 9162 §2.1.3.2: OK when `proof` shows `leaf_hash` at `index` in the tree
// of `tree_size` with `root`; otherwise kInvalidArgument saying why.
Status VerifyInclusion(std::string_view leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                       const std::vector<Hash>& proof, std::string_view root);
// RFC 9162 §2.1.4.2.
Status VerifyConsistency(std::uint64_t first_size, std::uint64_t second_size,
                         std::string_view first_root, std::string_view second_root,
                         const std::vector<Hash>& proof);

}  // namespace iotmark::crypto

#endif  // IOTMARK_CRYPTO_MERKLE_H_
