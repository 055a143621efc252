// Atom feeds: /labels/{regno}/feed.atom (the label's status changes and its
// security information) and /feed.atom (the registry's change stream, newest
// first: status changes, security information, coverage and policy changes).
#include <algorithm>

#include "registry/label_event_text.h"
#include "server/response_policy.h"
#include "web/atom_feed.h"
#include "web/product_page.h"
#include "web/web_site.h"

namespace iotmark::web {
namespace {

using server::HttpRequest;
using server::HttpResponse;

constexpr std::uint64_t kRegistryFeedEntries = 50;

HttpResponse AtomResponse(const AtomFeed& feed) {
  HttpResponse response;
  response.content_type = "application/atom+xml; charset=utf-8";
  response.body = RenderAtomFeed(feed);
  std::optional<TimePoint> updated;
  if (!feed.entries.empty()) updated = ParseIso8601(feed.entries.front().updated);
  server::MakeCacheable(response, updated, 60);
  return response;
}

std::string EventTitle(const registry::LabelEvent& event, const std::string& regno) {
  std::string title = regno + ": " + event.kind;
  if (event.to) {
    title += " → " + std::string(registry::LabelStatusNameJa(*event.to)) + " / " +
             std::string(registry::LabelStatusName(*event.to));
  }
  return title;
}

HttpResponse LabelFeed(WebSite& site, HttpRequest& request) {
  const std::string regno = request.Param("regno");
  Result<registry::Label> label = site.registry().GetLabel(regno);
  if (!label.ok()) {
    return site.MessagePage(HttpStatusOf(label.status()), "Not found",
                            StatusMessage(label.status()), site.LanguageOf(request), nullptr);
  }
  const std::string page_url = site.public_url() + "/labels/" + PercentEncode(regno);
  AtomFeed feed;
  feed.id = "urn:iotmark:label:" + regno;
  feed.title = label->product_name + " (" + regno + ") — 適合ラベルの更新 / label updates";
  feed.self_url = page_url + "/feed.atom";
  feed.alternate_url = page_url;
  const catalog::Pack* pack =
      site.catalog() != nullptr ? site.catalog()->FindPack(label->scheme) : nullptr;
  for (const registry::LabelEvent& event : label->history) {
    // The workflow's wording, Japanese / English (registry/label_event_text.h).
    std::string summary = event.reason;
    if (pack != nullptr && pack->workflow) {
      const registry::LabelEventText text =
          registry::DescribeLabelEvent(event, pack->workflow->label);
      summary = text.ja == text.en ? text.ja : text.ja + " / " + text.en;
    }
    feed.entries.push_back({"urn:iotmark:label:" + regno + ":event:" + std::to_string(event.id),
                            EventTitle(event, regno), FormatIso8601(event.at), summary, page_url});
  }
  if (Result<registry::SecurityInformation> security =
          site.registry().GetSecurityInformation(regno);
      security.ok()) {
    for (const registry::UpdateRelease& update : security->updates) {
      feed.entries.push_back(
          {"urn:iotmark:label:" + regno + ":update:" + std::to_string(update.id),
           regno + ": アップデート / update " + update.version +
               (update.security_relevant ? " (セキュリティ修正 / security fix)" : ""),
           FormatIso8601(update.released_on), update.summary, page_url});
    }
    for (const registry::Vulnerability& vulnerability : security->vulnerabilities) {
      feed.entries.push_back(
          {"urn:iotmark:label:" + regno + ":vulnerability:" + std::to_string(vulnerability.id),
           regno + ": 脆弱性情報 / vulnerability " + vulnerability.identifier + " (" +
               vulnerability.severity + ")",
           FormatIso8601(vulnerability.published_at),
           vulnerability.fixed_in_version.empty()
               ? "未修正 / not fixed yet"
               : "修正バージョン / fixed in " + vulnerability.fixed_in_version,
           vulnerability.advisory_url.empty() ? page_url : vulnerability.advisory_url});
    }
  }
  std::stable_sort(feed.entries.begin(), feed.entries.end(),
                   [](const AtomEntry& a, const AtomEntry& b) { return a.updated > b.updated; });
  return AtomResponse(feed);
}

HttpResponse RegistryFeed(WebSite& site, HttpRequest&) {
  AtomFeed feed;
  feed.id = "urn:iotmark:registry:" + site.public_url();
  feed.title = "iotmark 適合ラベル登録簿の更新 / label registry updates";
  feed.self_url = site.public_url() + "/feed.atom";
  feed.alternate_url = site.public_url() + "/search";
  // The newest changes: sequences are dense, so the last N start at latest - N.
  Result<registry::ChangePage> latest = site.registry().ListChanges(0, 1);
  if (latest.ok()) {
    const std::int64_t since = std::max<std::int64_t>(
        0, latest->latest_sequence - static_cast<std::int64_t>(kRegistryFeedEntries));
    Result<registry::ChangePage> page =
        site.registry().ListChanges(since, static_cast<int>(kRegistryFeedEntries));
    if (page.ok()) {
      for (auto change = page->changes.rbegin(); change != page->changes.rend(); ++change) {
        const std::string page_url =
            site.public_url() + "/labels/" + PercentEncode(change->registration_number);
        feed.entries.push_back({"urn:iotmark:change:" + std::to_string(change->sequence),
                                change->registration_number + ": " + change->kind + " → " +
                                    change->status,
                                FormatIso8601(change->at), change->summary, page_url});
      }
    }
  }
  return AtomResponse(feed);
}

}  // namespace

void AddFeedRoutes(server::Router& router, WebSite& site) {
  WebSite* s = &site;
  router.Add("GET", "/labels/{regno}/feed.atom",
             [s](HttpRequest& request) { return LabelFeed(*s, request); });
  router.Add("GET", "/feed.atom", [s](HttpRequest& request) { return RegistryFeed(*s, request); });
}

}  // namespace iotmark::web
