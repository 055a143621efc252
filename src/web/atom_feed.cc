#include "web/atom_feed.h"

namespace iotmark::web {

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
