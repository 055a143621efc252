// Atom 1.0 feeds (RFC 4287) of label status changes and new security
// information, per label and registry-wide. The writer escapes every text and
// drops characters XML 1.0 forbids, so any stored text gives a well-formed
// document. Pure functions; thread-safe.
#ifndef IOTMARK_WEB_ATOM_FEED_H_
#define IOTMARK_WEB_ATOM_FEED_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/xml_escape.h"

namespace iotmark::web {

struct AtomEntry {
  std::string id;  // a stable URI, e.g. "urn:iotmark:label:JC1-…:event:12"
  std::string title;
  std::string updated;  // ISO 8601 UTC
  std::string summary;
  std::string link;  // absolute URL of the related page
};

struct AtomFeed {
  std::string id;  // stable URI of the feed
  std::string title;
  std::string self_url;  // absolute URL of the feed itself
  std::string alternate_url;
  std::string updated;             // ISO 8601; the newest entry's time when empty
  std::vector<AtomEntry> entries;  // written in the given order (newest first expected)
};

std::string RenderAtomFeed(const AtomFeed& feed);

// Text escaping (shared with the label SVG and the simulated device's pages).
using ::iotmark::XmlEscape;

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_ATOM_FEED_H_
