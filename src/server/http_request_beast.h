// Beast-typed half of http_request_reader.h, for the two .cc files that hold
// Beast requests (http_server.cc, http_request_reader.cc). Include it from
// .cc files only.
#ifndef IOTMARK_SERVER_HTTP_REQUEST_BEAST_H_
#define IOTMARK_SERVER_HTTP_REQUEST_BEAST_H_

#include <string>

#include "common/beast.h"
#include "server/http_types.h"

namespace iotmark::server {

// Copies a parsed Beast request (header names lower-cased, repeated fields
// joined with ", ").
HttpRequest ToHttpRequest(const http::request<http::string_body>& request,
                          const std::string& remote);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_HTTP_REQUEST_BEAST_H_
