// Comparing product version strings as NVD and service banners write them.
//
// A version is split into tokens: runs of digits, runs of letters; '.', '-',
// '_', '+' and ':' only separate. Tokens compare pairwise: numbers by value
// (leading zeros ignored, any length), words case-insensitively. A number
// ranks above a word at the same place ("1.0.1" > "1.0rc1"). When one version
// runs out of tokens, the next token of the longer one decides: a number or a
// patch word ("p", "patch", a single letter like OpenSSL's "1.0.2k") makes the
// longer one greater; a pre-release word ("alpha", "a", "beta", "b", "rc",
// "pre", "preview", "dev", "snapshot") makes it smaller. So
// 1.0 < 1.0.1, 1.0rc1 < 1.0, 7.4 < 7.4p1, 1.0.2 < 1.0.2k, 2.3.4 == 2.3.04.
#ifndef IOTMARK_VULNDB_VERSION_H_
#define IOTMARK_VULNDB_VERSION_H_

#include <string_view>

namespace iotmark::vulndb {

// <0, 0, >0 like strcmp.
int CompareVersions(std::string_view left, std::string_view right);

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_VERSION_H_
