#include "server/http_request_reader.h"

#include <algorithm>
#include <cctype>

#include "server/http_request_beast.h"

namespace iotmark::server {

namespace {

std::string Lower(beast::string_view text) {
  std::string out(text.data(), text.size());
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

HttpRequest ToHttpRequest(const http::request<http::string_body>& request,
                          const std::string& remote) {
  HttpRequest out;
  out.method = std::string(request.method_string());
  out.target = std::string(request.target());
  for (const auto& field : request) {
    std::string name = Lower(field.name_string());
    auto [it, inserted] = out.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  out.body = request.body();
  out.remote_address = remote;
  return out;
}

std::size_t FindHeaderEnd(std::string_view bytes) {
  std::size_t start = 0;
  while (bytes.substr(start, 2) == "\r\n") start += 2;
  std::size_t end = bytes.find("\r\n\r\n", start);
  return end == std::string_view::npos ? end : end + 4;
}

Status CheckHeaderBlock(std::string_view header_block) {
  // A field line that starts with SP or HT continues the line before it.
  for (std::size_t at = header_block.find("\r\n"); at != std::string_view::npos;
       at = header_block.find("\r\n", at + 2)) {
    if (at + 2 < header_block.size() &&
        (header_block[at + 2] == ' ' || header_block[at + 2] == '\t')) {
      return Status::InvalidArgument(
          "ヘッダーの折り返し（obs-fold）は使えません / obsolete line folding is not allowed");
    }
  }
  return Status::Ok();
}

Result<ReadRequest> ReadHttpRequest(std::string_view bytes, std::string_view remote_address,
                                    std::size_t body_limit) {
  std::size_t header_end = FindHeaderEnd(bytes);
  if (header_end == std::string_view::npos) {
    return Status::InvalidArgument("incomplete request header");
  }
  IOTMARK_RETURN_IF_ERROR(CheckHeaderBlock(bytes.substr(0, header_end)));
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.body_limit(body_limit);
  beast::error_code error;
  std::size_t consumed = 0;
  while (!parser.is_done()) {
    std::size_t used =
        parser.put(asio::buffer(bytes.data() + consumed, bytes.size() - consumed), error);
    consumed += used;
    if (error == http::error::need_more && used > 0 && consumed < bytes.size()) {
      error = {};
      continue;
    }
    if (error == http::error::need_more) {
      // No more bytes: a body without Content-Length or chunked ends here.
      parser.put_eof(error);
      if (!error && parser.is_done()) break;
      return Status::InvalidArgument("incomplete request");
    }
    if (error) return Status::InvalidArgument("malformed request: " + error.message());
    if (used == 0) return Status::InvalidArgument("malformed request");
  }
  ReadRequest out;
  out.request = ToHttpRequest(parser.get(), std::string(remote_address));
  out.consumed = consumed;
  return out;
}

}  // namespace iotmark::server
