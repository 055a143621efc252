#include "web/atom_feed.h"

#include "common/utf8.h"

namespace iotmark::web {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  while (!text.empty()) {
    // Replace each invalid UTF-8 sequence by U+FFFD and continue after it.
    const std::optional<std::size_t> bad = FindInvalidUtf8(text);
    const std::string_view valid = text.substr(0, bad.value_or(text.size()));
    for (char c : valid) {
      const unsigned char byte = static_cast<unsigned char>(c);
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') break;  // not allowed in XML
          if (byte == 0x7F) break;
          out.push_back(c);
      }
    }
    if (!bad) break;
    out += "\xEF\xBF\xBD";
    text.remove_prefix(*bad + 1);
  }
  return out;
}

std::string RenderAtomFeed(const AtomFeed& feed) {
  std::string updated = feed.updated;
  if (updated.empty() && !feed.entries.empty()) updated = feed.entries.front().updated;
  if (updated.empty()) updated = "1970-01-01T00:00:00Z";
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n";
  xml += "  <id>" + XmlEscape(feed.id) + "</id>\n";
  xml += "  <title>" + XmlEscape(feed.title) + "</title>\n";
  xml += "  <updated>" + XmlEscape(updated) + "</updated>\n";
  xml += "  <author><name>iotmark</name></author>\n";
  xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + XmlEscape(feed.self_url) +
         "\"/>\n";
  if (!feed.alternate_url.empty()) {
    xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(feed.alternate_url) +
           "\"/>\n";
  }
  for (const AtomEntry& entry : feed.entries) {
    xml += "  <entry>\n";
    xml += "    <id>" + XmlEscape(entry.id) + "</id>\n";
    xml += "    <title>" + XmlEscape(entry.title) + "</title>\n";
    xml += "    <updated>" + XmlEscape(entry.updated) + "</updated>\n";
    if (!entry.link.empty()) {
      xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(entry.link) +
             "\"/>\n";
    }
    xml += "    <summary type=\"text\">" + XmlEscape(entry.summary) + "</summary>\n";
    xml += "  </entry>\n";
  }
  xml += "</feed>\n";
  return xml;
}

}  // namespace iotmark::web
