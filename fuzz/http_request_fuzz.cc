// The HTTP request path of `iotmark serve` without sockets: the header
// pre-check and Beast's request parser over the raw bytes (pipelined
// requests too), then the request pipeline with the real router — every
// JSON API route and every web page, on a fresh SQLite registry in a scratch
// folder (fuzz/http_fuzz_app.h). Any 5xx answer is a finding (bad input must
// be a 4xx).
#include <cstdio>
#include <cstdlib>

#include "fuzz/fuzz_support.h"
#include "fuzz/http_fuzz_app.h"

namespace {

iotmark::fuzz::HttpFuzzApp& TheApp() {
  static iotmark::fuzz::HttpFuzzApp* app = [] {
    auto made = iotmark::fuzz::MakeHttpFuzzApp(iotmark::fuzz::ScratchDirectory() / "fuzz.db",
                                               IOTMARK_SOURCE_SCHEMES_DIR);
    if (!made.ok()) {
      std::fprintf(stderr, "http_request_fuzz: the application did not start: %s\n",
                   made.status().ToString().c_str());
      std::abort();
    }
    return std::move(made).value().release();
  }();
  return *app;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheApp();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int status = iotmark::fuzz::HandleHttpFuzzInput(TheApp(), iotmark::fuzz::AsText(data, size));
  if (status != 0) {
    std::fprintf(stderr, "http_request_fuzz: answered %d\n", status);
    std::abort();
  }
  return 0;
}
