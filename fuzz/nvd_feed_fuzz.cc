// NVD CVE JSON 2.0 feeds, plain or gzip (the reader detects gzip by content;
// nvd_feed_fuzz gets the bytes as they are, nvd_feed_gzip_fuzz gzips each
// input first so JSON mutations also run through the decompressor): the
// streaming splitter and ParseNvdItem on every item.
#include <zlib.h>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.h"
#include "vulndb/feed_reader.h"
#include "vulndb/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iotmark;
  std::string bytes(reinterpret_cast<const char*>(data), size);
#ifdef IOTMARK_FUZZ_GZIP
  std::filesystem::path path = fuzz::ScratchDirectory() / "feed.json.gz";
  gzFile file = gzopen(path.c_str(), "wb1");
  if (file == nullptr) std::abort();
  if (!bytes.empty()) gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
#else
  std::filesystem::path path = fuzz::WriteScratchFile("feed.json", bytes);
#endif
  Status status = vulndb::ReadNvdFeed(path, [](size_t, const nlohmann::json& item) {
    auto record = vulndb::ParseNvdItem(item);
    return record.ok() ? Status::Ok() : record.status();
  });
  (void)status;
  return 0;
}
