// The page templates and the stylesheet, compiled into the binary from
// src/web/templates/ (see embed_assets.cmake), so `iotmark serve` works from
// any working folder. Immutable; safe to read from any thread.
#ifndef IOTMARK_WEB_EMBEDDED_ASSETS_H_
#define IOTMARK_WEB_EMBEDDED_ASSETS_H_

#include <string_view>
#include <vector>

namespace iotmark::web {

struct EmbeddedAsset {
  std::string_view name;  // file name under templates/, e.g. "product.html"
  std::string_view content;
};

// Every asset, sorted by name.
const std::vector<EmbeddedAsset>& EmbeddedAssets();

// The content of `name`, or nullptr when there is no such asset.
const std::string_view* FindEmbeddedAsset(std::string_view name);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_EMBEDDED_ASSETS_H_
