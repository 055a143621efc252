// Escaping text for XML and HTML: &, <, >, " and ' become entities;
// characters XML 1.0 forbids (C0 controls other than tab, CR and LF, and
// DEL) are dropped; invalid UTF-8 becomes U+FFFD. So any stored text gives a
// well-formed document. Pure function, thread-safe.
#ifndef IOTMARK_COMMON_XML_ESCAPE_H_
#define IOTMARK_COMMON_XML_ESCAPE_H_

#include <string>
#include <string_view>

namespace iotmark {

std::string XmlEscape(std::string_view text);

}  // namespace iotmark

#endif  // IOTMARK_COMMON_XML_ESCAPE_H_
