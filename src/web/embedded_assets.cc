#include "web/embedded_assets.h"

namespace iotmark::web {

const std::string_view* FindEmbeddedAsset(std::string_view name) {
  for (const EmbeddedAsset& asset : EmbeddedAssets()) {
    if (asset.name == name) return &asset.content;
  }
  return nullptr;
}

}  // namespace iotmark::web
