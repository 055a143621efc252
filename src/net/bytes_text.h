// Bytes a network service sent, made safe for JSON, logs and pages.
//
// Services answer with arbitrary bytes (an SSH server's binary KEXINIT right
// after its banner, a TLS record, a DNS packet). iotmark keeps those bytes as
// they came (std::string as a byte container) and only converts them where
// they leave the process: EscapeBytes for people (valid UTF-8 stays, every
// other byte becomes \xNN, so the result is always valid UTF-8) and
// Base64Bytes for an exact copy in report.json and evidence.
#ifndef IOTMARK_NET_BYTES_TEXT_H_
#define IOTMARK_NET_BYTES_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace iotmark::net {

// Printable, valid UTF-8 text of `raw` (at most `max_bytes` input bytes):
// \r \n \t and well-formed UTF-8 sequences pass through; control bytes, DEL
// and bytes that are not part of a well-formed sequence become "\xNN".
std::string EscapeBytes(std::string_view raw, std::size_t max_bytes = std::string_view::npos);

// Standard base64 (RFC 4648, with padding) of every byte of `raw`.
std::string Base64Bytes(std::string_view raw);
// The bytes of a base64 text, or nullopt when it is not base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace iotmark::net

#endif  // IOTMARK_NET_BYTES_TEXT_H_
