// Registration of every JSON API route on a Router (docs/api.md lists them).
// Each function adds one group; AddApiRoutes adds them all.
#ifndef IOTMARK_SERVER_API_ROUTES_H_
#define IOTMARK_SERVER_API_ROUTES_H_

#include "crypto/signing.h"
#include "server/api_support.h"
#include "server/router.h"

namespace iotmark::registry {
class FindingsService;
}  // namespace iotmark::registry

namespace iotmark::server {

// /api/v1/session, /api/v1/organizations, /api/v1/users
void AddAccountRoutes(Router& router, ApiContext& context);
// /api/v1/products (+ firmware versions, update releases, vulnerabilities)
void AddProductRoutes(Router& router, ApiContext& context);
// /api/v1/applications and the review steps, /api/v1/checklists/validate
void AddApplicationRoutes(Router& router, ApiContext& context);
// /api/v1/evaluations (the evaluation body's ★3/★4 applications and reports)
void AddEvaluationRoutes(Router& router, ApiContext& context);
// /api/v1/labels… (public reads, records, assessment, lifecycle actions),
// /labels/{regno}/label.svg|png, /.well-known/iotmark-label-key, /healthz
void AddLabelRoutes(Router& router, ApiContext& context);
// /api/v1/labels/{regno}/vulnerability-reports, /api/v1/vulnerability-reports…
void AddReportRoutes(Router& router, ApiContext& context);
// /api/v1/log/…
void AddLogRoutes(Router& router, ApiContext& context);
// /api/v1/changes, /api/v1/export/labels, /api/v1/webhooks…
void AddFeedRoutes(Router& router, ApiContext& context);

void AddApiRoutes(Router& router, ApiContext& context);

// /.well-known/csaf/… (CSAF 2.0 trusted provider, signed with `signing_key`
// as an OpenPGP key) and /api/v1/labels/{regno}/csaf (api_csaf_routes.cc);
// the documents carry the published findings of `findings` (may be null).
void AddCsafRoutes(Router& router, ApiContext& context, const crypto::SigningKey& signing_key,
                   registry::FindingsService* findings);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_API_ROUTES_H_
