// Turning raw request bytes into an HttpRequest, shared by the transport
// (http_server.cc, which reads from a socket) and the fuzz target
// (fuzz/http_request_fuzz.cc, which has the bytes in memory).
//
// Beyond what Beast's parser refuses, the header block is checked before it
// is parsed: obsolete line folding (a header line starting with a space or a
// tab, RFC 9112 §5.2) is refused with 400 — Beast would silently join it to
// the field before it, which hides what a proxy in front of us may have
// read differently.
#ifndef IOTMARK_SERVER_HTTP_REQUEST_READER_H_
#define IOTMARK_SERVER_HTTP_REQUEST_READER_H_

#include <cstddef>
#include <string_view>

#include "common/status.h"
#include "server/http_types.h"

namespace iotmark::server {

// The end of the header block in `bytes` (the offset just past the empty line
// CRLF CRLF), or npos when the block is not complete yet. Leading empty lines
// (allowed before a request line) are skipped.
std::size_t FindHeaderEnd(std::string_view bytes);

// Refuses a header block (request line and fields, as received) that uses
// obsolete line folding. kInvalidArgument with a message for the client.
Status CheckHeaderBlock(std::string_view header_block);

struct ReadRequest {
  HttpRequest request;
  std::size_t consumed = 0;  // bytes of `bytes` that made up this request
};

// Parses one complete request from the start of `bytes` (body limit
// `body_limit`). kInvalidArgument (→ 400) for malformed or incomplete input.
Result<ReadRequest> ReadHttpRequest(std::string_view bytes, std::string_view remote_address,
                                    std::size_t body_limit = 1 << 20);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_HTTP_REQUEST_READER_H_
