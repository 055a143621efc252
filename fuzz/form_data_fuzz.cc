// Browser form bodies: cookies, application/x-www-form-urlencoded and
// multipart/form-data. The first line of the input is the Content-Type
// header, the rest the body (so the boundary is fuzzed too).
#include "fuzz/fuzz_support.h"
#include "web/form_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iotmark;
  std::string_view text = fuzz::AsText(data, size);
  size_t newline = text.find('\n');
  std::string_view content_type = text.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? "" : text.substr(newline + 1);
  auto cookies = web::ParseCookies(content_type);
  (void)cookies;
  auto form = web::ParseFormBody(content_type, body);
  if (form.ok()) {
    for (const auto& [name, value] : *form) (void)web::ParseId(value);
  }
  auto urlencoded = web::ParseUrlEncoded(text);
  (void)urlencoded;
  return 0;
}
