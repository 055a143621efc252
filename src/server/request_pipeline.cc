#include "server/request_pipeline.h"

#include <chrono>

#include "server/access_log.h"
#include "server/api_error.h"
#include "server/response_policy.h"

namespace iotmark::server {

HttpResponse HandleRequest(const Router& router, HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  HttpResponse response;
  if (!ParseTarget(request.target, request.path, request.query)) {
    request.path.assign(1, '-');  // (not = "-": g++ 12 -Wrestrict false positive)
    response = ErrorResponse(400, "bad_target", "URLが正しくありません / malformed request target");
  } else {
    response = router.Dispatch(request);
    ApplyConditionalGet(request, response);
  }
  AddSecurityHeaders(response);
  LogAccess(request, response,
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  started));
  return response;
}

}  // namespace iotmark::server
