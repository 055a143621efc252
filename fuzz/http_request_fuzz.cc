// The HTTP request path of `iotmark serve` without sockets: the header
// pre-check and Beast's request parser over the raw bytes (pipelined
// requests too), then the request pipeline with the real router — every
// JSON API route and every web page, on a fresh SQLite registry in a scratch
// folder. Any 5xx answer is a finding (bad input must be a 4xx).
#include <cstdlib>
#include <memory>

#include "catalog/catalog.h"
#include "common/beast.h"
#include "common/clock.h"
#include "fuzz/fuzz_support.h"
#include "registry/checklist_adapter.h"
#include "registry/registry_service.h"
#include "server/api_routes.h"
#include "server/http_request_reader.h"
#include "server/request_pipeline.h"
#include "server/router.h"
#include "store/store.h"
#include "web/web_site.h"

namespace {
using namespace iotmark;

struct App {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<crypto::SigningKey> key;
  std::unique_ptr<registry::RegistryService> registry;
  std::unique_ptr<server::ApiContext> context;
  std::unique_ptr<web::WebSite> site;
  server::Router router;
};

App& TheApp() {
  static App* app = [] {
    auto* made = new App;
    auto opened = store::OpenStore("sqlite:" + (fuzz::ScratchDirectory() / "fuzz.db").string());
    if (!opened.ok()) std::abort();
    made->store = std::move(*opened);
    auto catalog = catalog::Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
    if (!catalog.ok()) std::abort();
    made->catalog = std::make_unique<catalog::Catalog>(std::move(*catalog));
    auto key = crypto::SigningKey::FromSeed(std::string(32, 'H'));
    if (!key.ok()) std::abort();
    made->key = std::make_unique<crypto::SigningKey>(*key);
    registry::RegistryOptions options;
    options.public_url = "http://127.0.0.1:8080";
    auto validator = std::make_shared<registry::CatalogChecklistValidator>(*made->catalog);
    made->registry = std::make_unique<registry::RegistryService>(
        *made->store, SystemClock::Instance(), *made->catalog, *made->key, options, validator);
    if (!made->registry->RegisterSigningKey().ok()) std::abort();
    made->context = std::make_unique<server::ApiContext>(server::ApiContext{
        *made->registry, SystemClock::Instance(), options.public_url, nullptr});
    server::AddApiRoutes(made->router, *made->context);
    auto site = web::WebSite::Create(web::WebDependencies{*made->registry, SystemClock::Instance(),
                                                          made->catalog.get(), options.public_url,
                                                          made->key.get(), made->store.get()});
    if (!site.ok()) std::abort();
    made->site = std::move(*site);
    made->site->AddRoutes(made->router);
    return made;
  }();
  return *app;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheApp();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  App& app = TheApp();
  std::string_view input = fuzz::AsText(data, size);
  for (int request_number = 0; request_number < 4 && !input.empty(); ++request_number) {
    auto parsed = server::ReadHttpRequest(input, "127.0.0.1");
    if (!parsed.ok()) return 0;
    server::HttpResponse response = server::HandleRequest(app.router, parsed->request);
    if (response.status >= 500 && response.status != 503) std::abort();
    input.remove_prefix(parsed->consumed);
  }
  return 0;
}
