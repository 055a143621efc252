// Reading what a browser sends: cookies, application/x-www-form-urlencoded
// bodies and multipart/form-data bodies (the checklist upload). Malformed
// input gives an error naming what is wrong, never a crash.
#ifndef IOTMARK_WEB_FORM_DATA_H_
#define IOTMARK_WEB_FORM_DATA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::web {

// Field name → value. For a repeated field the last value wins. File parts of
// a multipart body are stored under their field name with the file's content.
using FormFields = std::map<std::string, std::string, std::less<>>;

// Parses a Cookie header ("a=1; b=2").
std::map<std::string, std::string, std::less<>> ParseCookies(std::string_view header);

// Parses "a=1&b=%E3%81%82+x". kInvalidArgument on a bad escape.
Result<FormFields> ParseUrlEncoded(std::string_view body);

// Parses a multipart/form-data body; `content_type` is the request's
// Content-Type header (it carries the boundary).
Result<FormFields> ParseMultipart(std::string_view content_type, std::string_view body);

// Parses the body by the request's Content-Type (url-encoded or multipart).
Result<FormFields> ParseFormBody(std::string_view content_type, std::string_view body);

// "name=value; Path=/; HttpOnly; Secure; SameSite=Strict[; Max-Age=N]".
// `max_age_seconds` < 0 leaves Max-Age out (a session cookie); 0 deletes it.
// The value of field `name`, "" when absent.
std::string Field(const FormFields& form, const char* name);

// A positive decimal id (a form field or path segment), or nullopt.
std::optional<std::int64_t> ParseId(std::string_view text);

std::string BuildCookie(std::string_view name, std::string_view value, long max_age_seconds);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_FORM_DATA_H_
