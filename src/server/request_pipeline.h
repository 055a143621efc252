// What happens to every request between the transport and a handler:
// parse the target (400 on a malformed one), dispatch through the Router,
// turn a matching If-None-Match / If-Modified-Since into 304, add the
// security headers, and write one access-log line.
#ifndef IOTMARK_SERVER_REQUEST_PIPELINE_H_
#define IOTMARK_SERVER_REQUEST_PIPELINE_H_

#include "server/http_types.h"
#include "server/router.h"

namespace iotmark::server {

HttpResponse HandleRequest(const Router& router, HttpRequest& request);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_REQUEST_PIPELINE_H_
