#include "web/form_data.h"

#include <cctype>
#include <charconv>

namespace iotmark::web {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> DecodeComponent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      const int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Status::InvalidArgument("form body: bad '%' escape at byte " + std::to_string(i));
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The value of `parameter` in a header like `form-data; name="x"; filename="y"`.
std::string HeaderParameter(std::string_view header, std::string_view parameter) {
  std::size_t position = 0;
  while (position < header.size()) {
    std::size_t end = header.find(';', position);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = Trim(header.substr(position, end - position));
    position = end + 1;
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos) continue;
    std::string key(Trim(item.substr(0, equals)));
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (key != parameter) continue;
    std::string_view value = Trim(item.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return "";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::map<std::string, std::string, std::less<>> ParseCookies(std::string_view header) {
  std::map<std::string, std::string, std::less<>> cookies;
  std::size_t position = 0;
  while (position < header.size()) {
    std::size_t end = header.find(';', position);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = Trim(header.substr(position, end - position));
    position = end + 1;
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0) continue;
    cookies[std::string(Trim(item.substr(0, equals)))] = std::string(Trim(item.substr(equals + 1)));
  }
  return cookies;
}

Result<FormFields> ParseUrlEncoded(std::string_view body) {
  FormFields fields;
  std::size_t position = 0;
  while (position <= body.size()) {
    std::size_t end = body.find('&', position);
    if (end == std::string_view::npos) end = body.size();
    std::string_view item = body.substr(position, end - position);
    position = end + 1;
    if (item.empty()) {
      if (end == body.size()) break;
      continue;
    }
    const std::size_t equals = item.find('=');
    Result<std::string> name = DecodeComponent(item.substr(0, equals));
    if (!name.ok()) return name.status();
    Result<std::string> value = DecodeComponent(
        equals == std::string_view::npos ? std::string_view() : item.substr(equals + 1));
    if (!value.ok()) return value.status().WithPrefix("field " + *name);
    fields[*name] = *value;
    if (end == body.size()) break;
  }
  return fields;
}

Result<FormFields> ParseMultipart(std::string_view content_type, std::string_view body) {
  const std::string boundary = HeaderParameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) {
    return Status::InvalidArgument("multipart body: Content-Type has no usable boundary");
  }
  const std::string delimiter = "--" + boundary;
  FormFields fields;
  std::size_t position = body.find(delimiter);
  if (position == std::string_view::npos) {
    return Status::InvalidArgument("multipart body: the boundary never occurs");
  }
  int part_number = 0;
  while (true) {
    position += delimiter.size();
    if (body.substr(position, 2) == "--") return fields;  // closing delimiter
    if (body.substr(position, 2) != "\r\n") {
      return Status::InvalidArgument("multipart body: part " + std::to_string(part_number + 1) +
                                     " does not start with CRLF");
    }
    position += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", position);
    if (headers_end == std::string_view::npos) {
      return Status::InvalidArgument("multipart body: part " + std::to_string(part_number + 1) +
                                     " has no end of headers");
    }
    std::string name;
    for (std::size_t line_start = position; line_start < headers_end;) {
      std::size_t line_end = body.find("\r\n", line_start);
      if (line_end == std::string_view::npos || line_end > headers_end) line_end = headers_end;
      std::string_view line = body.substr(line_start, line_end - line_start);
      line_start = line_end + 2;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      if (Lower(Trim(line.substr(0, colon))) == "content-disposition") {
        name = HeaderParameter(line.substr(colon + 1), "name");
      }
    }
    const std::size_t content_start = headers_end + 4;
    const std::size_t next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) {
      return Status::InvalidArgument("multipart body: part " + std::to_string(part_number + 1) +
                                     " is not closed by the boundary");
    }
    if (name.empty()) {
      return Status::InvalidArgument("multipart body: part " + std::to_string(part_number + 1) +
                                     " has no field name");
    }
    fields[name] = std::string(body.substr(content_start, next - content_start));
    position = next + 2;
    ++part_number;
  }
}

Result<FormFields> ParseFormBody(std::string_view content_type, std::string_view body) {
  const std::string type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type == "multipart/form-data") return ParseMultipart(content_type, body);
  if (type == "application/x-www-form-urlencoded" || type.empty()) return ParseUrlEncoded(body);
  return Status::InvalidArgument("form body: unsupported Content-Type " + type);
}

std::string BuildCookie(std::string_view name, std::string_view value, long max_age_seconds) {
  std::string cookie =
      std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; Secure; SameSite=Strict";
  if (max_age_seconds >= 0) cookie += "; Max-Age=" + std::to_string(max_age_seconds);
  return cookie;
}

std::string Field(const FormFields& form, const char* name) {
  const auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace iotmark::web
