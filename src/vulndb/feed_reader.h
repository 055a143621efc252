// Streaming reader of NVD CVE JSON 2.0 feed files (plain or gzip).
//
// A feed is one JSON object whose "vulnerabilities" array holds one object per
// CVE. Feeds are large (hundreds of MB uncompressed), so the reader never
// builds the whole document: it scans the byte stream, tracks nesting and
// strings, cuts out each element of the top-level "vulnerabilities" array and
// parses only that element. Memory is bounded by the largest single element
// (refused above kMaxItemBytes) plus a fixed read buffer.
#ifndef IOTMARK_VULNDB_FEED_READER_H_
#define IOTMARK_VULNDB_FEED_READER_H_

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>
#include <nlohmann/json_fwd.hpp>

#include "common/status.h"

namespace iotmark::vulndb {

inline constexpr std::size_t kMaxItemBytes = 16u << 20;

// Called once per element of "vulnerabilities" with its index; a non-OK
// Status stops the reading and is returned (prefixed with file and index).
using FeedItemHandler = std::function<Status(std::size_t index, const nlohmann::json& item)>;

// Checks what an item must hold before it is imported: cve.id is a CVE
// identifier (CVE-YYYY-NNNN…), every CVSS baseScore under cve.metrics is a
// number in 0…10. kParseError naming the field.
Status ValidateNvdItem(const nlohmann::json& item);

// Reads `path` (gzip-compressed or not, detected by content). kIoError when
// the file cannot be read; kParseError naming the file, the line and the item
// when the feed is not valid JSON, is truncated, has no "vulnerabilities",
// or an item fails ValidateNvdItem.
Status ReadNvdFeed(const std::filesystem::path& path, const FeedItemHandler& handler);

// The same streaming reader for any NVD JSON 2.0 document whose items sit in
// one top-level array named in `array_keys`: CVE feed files and CVE API 2.0
// pages ("vulnerabilities"), CPE API 2.0 pages ("products"). The first of
// those arrays found is read; its name is stored in `*array_key`.
Status ReadNvdDocument(const std::filesystem::path& path, const std::vector<std::string>& array_keys,
                       const FeedItemHandler& handler, std::string* array_key);

}  // namespace iotmark::vulndb

#endif  // IOTMARK_VULNDB_FEED_READER_H_
