// Registry data → CSAF input (see registry_input.h).
#include "csaf/registry_input.h"

#include <algorithm>
#include <map>
#include <set>

#include "csaf/findings_input.h"
#include "vulndb/version.h"

namespace iotmark::csaf {

namespace {

struct VersionInfo {
  std::optional<TimePoint> released_on;
  std::string note;
};

std::vector<ProductVersion> Versions(const LabelSecurityData& data) {
  std::map<std::string, VersionInfo> known;
  for (const auto& firmware : data.label.firmware_versions) {
    VersionInfo& info = known[firmware.version];
    info.released_on = firmware.released_on;
    if (!firmware.covered) {
      info.note =
          "このバージョンはラベルの対象外です" +
          (firmware.coverage_note.empty() ? std::string() : "（" + firmware.coverage_note + "）") +
          "。 / This version is not covered by the label" +
          (firmware.coverage_note.empty() ? std::string() : " (" + firmware.coverage_note + ")") +
          ".";
    }
  }
  for (const auto& update : data.information.updates) {
    VersionInfo& info = known[update.version];
    if (!info.released_on) info.released_on = update.released_on;
  }
  for (const auto& vulnerability : data.information.vulnerabilities) {
    if (!vulnerability.fixed_in_version.empty()) known[vulnerability.fixed_in_version];
  }
  for (const auto& finding : data.findings) {
    if (finding.public_state.empty()) continue;
    known[finding.firmware_version];
    if (!finding.fixed_in_version.empty()) known[finding.fixed_in_version];
  }
  std::vector<ProductVersion> versions;
  for (auto& [version, info] : known) {
    if (version.empty()) continue;
    ProductVersion v;
    v.version = version;
    v.product_id = "FW-" + version;
    v.released_on = info.released_on;
    v.note = info.note;
    versions.push_back(std::move(v));
  }
  std::stable_sort(versions.begin(), versions.end(), [](const auto& l, const auto& r) {
    const int order = vulndb::CompareVersions(l.version, r.version);
    return order != 0 ? order < 0 : l.version < r.version;
  });
  return versions;
}

// The published findings of each CVE, in the order the CVEs were first found.
using FindingsByCve = std::vector<std::pair<std::string, std::vector<const registry::Finding*>>>;

FindingsByCve PublishedFindings(const std::vector<registry::Finding>& findings) {
  std::vector<const registry::Finding*> published;
  for (const auto& finding : findings) {
    if (!finding.public_state.empty()) published.push_back(&finding);
  }
  std::stable_sort(published.begin(), published.end(), [](const auto* l, const auto* r) {
    return std::tie(l->found_at, l->id) < std::tie(r->found_at, r->id);
  });
  FindingsByCve by_cve;
  for (const registry::Finding* finding : published) {
    auto it = std::find_if(by_cve.begin(), by_cve.end(),
                           [&](const auto& entry) { return entry.first == finding->cve_id; });
    if (it == by_cve.end()) {
      by_cve.push_back({finding->cve_id, {finding}});
    } else {
      it->second.push_back(finding);
    }
  }
  return by_cve;
}

const std::vector<const registry::Finding*>* FindingsOf(const FindingsByCve& by_cve,
                                                        const std::string& identifier) {
  for (const auto& [cve, list] : by_cve) {
    if (cve == identifier) return &list;
  }
  return nullptr;
}

// A recorded vulnerability; the findings of the same CVE, when there are
// any, state their own versions (findings_input.h).
VulnerabilityInput FromRecord(const registry::Vulnerability& record,
                              const std::vector<ProductVersion>& versions,
                              const std::vector<const registry::Finding*>* findings) {
  VulnerabilityInput v;
  v.identifier = record.identifier;
  if (record.identifier.rfind("JVN", 0) == 0) v.id_system = "JVN";
  v.severity = record.severity;
  v.published_at = record.published_at;
  v.advisory_url = record.advisory_url;
  const std::string& fixed = record.fixed_in_version;
  AssessmentSet set;
  for (const ProductVersion& version : versions) {
    VersionAssessment a;
    a.version = version.version;
    if (!fixed.empty() && vulndb::CompareVersions(version.version, fixed) >= 0) {
      a.status = VersionStatus::kFixed;
    } else {
      a.status = VersionStatus::kKnownAffected;
      Remediation remediation;
      if (fixed.empty()) {
        remediation.category = RemediationCategory::kNoneAvailable;
        remediation.details =
            "修正版はまだ公開されていません。ベンダーの勧告を確認してください。 / No fixed "
            "version has been published yet; see the vendor's advisory.";
      } else {
        remediation.category = RemediationCategory::kVendorFix;
        remediation.details = "ファームウェアを " + fixed +
                              " 以降に更新してください。 / Update the "
                              "firmware to " +
                              fixed + " or later.";
      }
      remediation.url = record.advisory_url;
      a.remediation = remediation;
    }
    set.Offer(std::move(a), StatementSource::kRecordedVulnerability);
  }
  if (findings) {
    for (const registry::Finding* finding : *findings) {
      OfferFindingStatements(*finding, versions, set);
    }
  }
  v.assessments = set.InOrder(versions);
  return v;
}

ProductInput Base(const LabelSecurityData& data, std::string_view public_url) {
  ProductInput input;
  input.vendor_name = data.label.vendor_name;
  input.product_name = data.label.product_name;
  input.model_number = data.label.model_number;
  input.product_type = data.label.product_type;
  input.registration_number = data.label.registration_number;
  input.label_url = std::string(public_url) + "/labels/" + data.label.registration_number;
  input.versions = Versions(data);
  return input;
}

// Vulnerabilities by the time they were recorded, then identifier.
std::vector<registry::Vulnerability> Chronological(std::vector<registry::Vulnerability> list) {
  std::sort(list.begin(), list.end(), [](const auto& l, const auto& r) {
    return std::tie(l.published_at, l.identifier) < std::tie(r.published_at, r.identifier);
  });
  return list;
}

bool IsChangeOf(const registry::RegistryChange& change, const registry::Vulnerability& v) {
  return change.kind == "vulnerability" && change.summary.rfind(v.identifier + " (", 0) == 0;
}

bool IsChangeOf(const registry::RegistryChange& change, const registry::Finding& finding) {
  return (change.kind == "finding-triaged" || change.kind == "finding-under-investigation") &&
         change.summary.rfind(registry::FindingSubject(finding) + ": ", 0) == 0;
}

// What goes into one document's revision history.
struct HistorySources {
  const std::vector<registry::Vulnerability>& vulnerabilities;  // recorded, in the document
  std::vector<const registry::Finding*> findings;               // published, in the document
  bool with_product_changes = false;                            // the VEX: firmware, updates
};

struct Event {
  TimePoint at;
  std::string summary;
  bool content = true;         // a vulnerability or a finding (not only a product change)
  bool vulnerability = false;  // `summary` is the identifier(s) of recorded vulnerabilities
};

// The revision history: the change stream in commit order (the first
// recorded vulnerability or published finding is the initial release; each
// later vulnerability, each triage of a finding and, for the VEX, each
// update release, firmware version or coverage change is a revision).
// Vulnerabilities recorded before the label existed have no change of this
// label: they form the initial release. A finding's "under investigation"
// (its deadline passed untriaged) is a revision at its deadline, whether or
// not the server's sweep has written its change yet, so the history is the
// same before and after the sweep.
std::vector<Revision> RevisionsFor(const HistorySources& sources,
                                   const std::vector<registry::RegistryChange>& changes) {
  std::vector<Event> events;
  std::string earlier;
  std::optional<TimePoint> earlier_at;
  for (const auto& v : sources.vulnerabilities) {
    bool in_stream = false;
    for (const auto& change : changes) in_stream |= IsChangeOf(change, v);
    if (in_stream) continue;
    earlier += (earlier.empty() ? "" : ", ") + v.identifier;
    if (!earlier_at || v.published_at > *earlier_at) earlier_at = v.published_at;
  }
  if (earlier_at) events.push_back({*earlier_at, earlier, true, true});

  std::vector<Event> overdue;  // placed by date below
  std::set<std::string> overdue_in_stream;
  for (const auto& change : changes) {
    std::string summary;
    bool content = true;
    bool vulnerability = false;
    for (const auto& v : sources.vulnerabilities) {
      if (IsChangeOf(change, v)) summary = v.identifier, vulnerability = true;
    }
    const registry::Finding* about = nullptr;
    for (const registry::Finding* finding : sources.findings) {
      if (IsChangeOf(change, *finding)) about = finding;
    }
    if (about && change.kind == "finding-under-investigation") {
      if (overdue_in_stream.insert(registry::FindingSubject(*about)).second) {
        overdue.push_back({change.at, change.summary, true});
      }
      continue;
    }
    if (about) summary = "ベンダーの評価 / Vendor triage: " + change.summary;
    if (summary.empty() && sources.with_product_changes) {
      content = false;
      if (change.kind == "update-release") {
        summary = "更新リリース / Update release: " + change.summary;
      } else if (change.kind == "firmware-version") {
        summary = "ファームウェア追加 / Firmware version added: " + change.summary;
      } else if (change.kind == "firmware-coverage") {
        summary = "対象範囲の変更 / Coverage changed: " + change.summary;
      }
    }
    if (!summary.empty()) events.push_back({change.at, summary, content, vulnerability});
  }
  for (const registry::Finding* finding : sources.findings) {
    if (finding->status != registry::FindingStatus::kNew || !finding->triage_overdue) continue;
    if (overdue_in_stream.insert(registry::FindingSubject(*finding)).second) {
      overdue.push_back({finding->acknowledge_due, registry::OverdueChangeSummary(*finding), true});
    }
  }
  std::stable_sort(overdue.begin(), overdue.end(),
                   [](const Event& l, const Event& r) { return l.at < r.at; });
  for (Event& event : overdue) {
    auto later = std::find_if(events.begin(), events.end(),
                              [&](const Event& e) { return e.at > event.at; });
    events.insert(later, std::move(event));
  }

  std::vector<Revision> revisions;
  for (const Event& event : events) {
    if (revisions.empty()) {
      if (!event.content) continue;  // product changes before anything to publish
      revisions.push_back(
          {event.at, event.vulnerability
                         ? "初版: " + event.summary + " / Initial release: " + event.summary
                         : "初版 / Initial release — " + event.summary});
      continue;
    }
    const std::string summary = event.vulnerability
                                    ? event.summary + " を追加 / Added " + event.summary
                                    : event.summary;
    // Commit order; a clock that stepped back never unsorts the history.
    revisions.push_back({std::max(event.at, revisions.back().date), summary});
  }
  return revisions;
}

// Keeps in the product tree only the versions some vulnerability states
// (CSAF 6.2.1: every product id is referenced). A finding speaks for its own
// firmware version; versions nothing is known about are left out rather
// than given a status nobody stated.
void KeepStatedVersions(ProductInput& input) {
  std::set<std::string> stated;
  for (const auto& v : input.vulnerabilities) {
    for (const auto& a : v.assessments) stated.insert(a.version);
  }
  std::erase_if(input.versions, [&](const ProductVersion& v) { return !stated.count(v.version); });
}

}  // namespace

std::vector<DocumentInput> InputsFromRegistry(const LabelSecurityData& data,
                                              std::string_view public_url) {
  std::vector<DocumentInput> documents;
  const FindingsByCve findings = PublishedFindings(data.findings);
  if (data.information.vulnerabilities.empty() && findings.empty()) return documents;
  const auto vulnerabilities = Chronological(data.information.vulnerabilities);
  const std::string& number = data.label.registration_number;
  DocumentInput vex{Base(data, public_url), Category::kVex};
  vex.input.tracking_id = "IOTMARK-VEX-" + number;
  std::set<std::string> recorded;
  for (const auto& record : vulnerabilities) {
    recorded.insert(record.identifier);
    vex.input.vulnerabilities.push_back(
        FromRecord(record, vex.input.versions, FindingsOf(findings, record.identifier)));
  }
  HistorySources vex_history{vulnerabilities, {}, true};
  for (const auto& [cve, list] : findings) {
    if (!recorded.count(cve)) {
      vex.input.vulnerabilities.push_back(VulnerabilityFromFindings(list, vex.input.versions));
    }
    vex_history.findings.insert(vex_history.findings.end(), list.begin(), list.end());
  }
  vex.input.revisions = RevisionsFor(vex_history, data.changes);
  KeepStatedVersions(vex.input);
  documents.push_back(std::move(vex));

  std::set<std::string> advised;
  auto updates = data.information.updates;
  std::sort(updates.begin(), updates.end(),
            [](const auto& l, const auto& r) { return l.id < r.id; });
  for (const auto& update : updates) {
    if (!update.security_relevant || !advised.insert(update.version).second) continue;
    DocumentInput advisory{Base(data, public_url), Category::kSecurityAdvisory};
    advisory.input.tracking_id = "IOTMARK-SA-" + number + "-" + update.version;
    advisory.input.summary = "更新 / Update " + update.version + ": " + update.summary;
    std::vector<registry::Vulnerability> fixed;
    HistorySources history{fixed, {}, false};
    std::set<std::string> included;
    for (const auto& record : vulnerabilities) {
      if (record.fixed_in_version != update.version) continue;
      fixed.push_back(record);
      included.insert(record.identifier);
      const auto* of_cve = FindingsOf(findings, record.identifier);
      advisory.input.vulnerabilities.push_back(
          FromRecord(record, advisory.input.versions, of_cve));
      if (of_cve) history.findings.insert(history.findings.end(), of_cve->begin(), of_cve->end());
    }
    // CVEs a finding was triaged as fixed in this update.
    for (const auto& entry : findings) {
      // Plain references, not a structured binding: clang 14 (the fuzz
      // build) cannot capture those in the lambdas below.
      const auto& cve = entry.first;
      const auto& list = entry.second;
      if (included.count(cve)) continue;
      const bool fixed_here = std::any_of(list.begin(), list.end(), [&](const auto* finding) {
        return finding->status == registry::FindingStatus::kFixed &&
               finding->fixed_in_version == update.version;
      });
      if (!fixed_here) continue;
      included.insert(cve);
      auto record = std::find_if(vulnerabilities.begin(), vulnerabilities.end(),
                                  [&](const auto& r) { return r.identifier == cve; });
      if (record != vulnerabilities.end()) {
        fixed.push_back(*record);
        advisory.input.vulnerabilities.push_back(
            FromRecord(*record, advisory.input.versions, &list));
      } else {
        advisory.input.vulnerabilities.push_back(
            VulnerabilityFromFindings(list, advisory.input.versions));
      }
      history.findings.insert(history.findings.end(), list.begin(), list.end());
    }
    if (advisory.input.vulnerabilities.empty()) continue;
    advisory.input.revisions = RevisionsFor(history, data.changes);
    KeepStatedVersions(advisory.input);
    documents.push_back(std::move(advisory));
  }
  return documents;
}

Result<std::vector<CsafDocument>> DocumentsFromRegistry(const LabelSecurityData& data,
                                                        const Publisher& publisher) {
  std::vector<CsafDocument> documents;
  for (const DocumentInput& document : InputsFromRegistry(data, publisher.base_url)) {
    auto built = BuildDocument(document.input, document.category, publisher);
    if (!built.ok()) return built.status().WithPrefix(document.input.tracking_id);
    documents.push_back(std::move(built).value());
  }
  return documents;
}

}  // namespace iotmark::csaf
