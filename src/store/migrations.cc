// The schema of both backends, one numbered migration at a time.
#include "store/migrations.h"

#include <sqlite3.h>

#include <string>

#include "common/search_text.h"
#include "store/migrations_evaluations.h"
#include "store/migrations_login_throttle.h"
#include "store/migrations_monitoring.h"
#include "store/migrations_search_postgres.h"

namespace iotmark::store {
namespace {

// The SQL functions of the label search index (migration 6 and its
// triggers), registered for every SQLite connection this process opens:
//   iotmark_search_text(x)       NormalizeSearchText (common/search_text.h)
//   iotmark_search_grams(a, …)   the index tokens of normalised values: the
//                                1-, 2- and 3-character grams of each value
//                                (IndexSearchGrams), as SearchGramToken
//                                words joined by spaces
// A connection without them (the sqlite3 shell) can read the tables but not
// insert labels. NULL in, NULL out.
void SearchTextFunction(sqlite3_context* context, int, sqlite3_value** values) {
  if (sqlite3_value_type(values[0]) == SQLITE_NULL) return sqlite3_result_null(context);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(values[0]));
  const std::string normalized =
      NormalizeSearchText(std::string_view(text ? text : "", sqlite3_value_bytes(values[0])));
  sqlite3_result_text64(context, normalized.data(), normalized.size(), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
}

void SearchGramsFunction(sqlite3_context* context, int count, sqlite3_value** values) {
  std::string tokens;
  for (int i = 0; i < count; ++i) {
    if (sqlite3_value_type(values[i]) == SQLITE_NULL) continue;
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(values[i]));
    if (text == nullptr) continue;
    // Repeated tokens are harmless (an FTS5 index keeps one entry per row).
    for (const std::string& gram :
         IndexSearchGrams(std::string_view(text, sqlite3_value_bytes(values[i])))) {
      if (!tokens.empty()) tokens.push_back(' ');
      tokens += SearchGramToken(gram);
    }
  }
  sqlite3_result_text64(context, tokens.data(), tokens.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

int RegisterSearchFunctions(sqlite3* db, const char**, const sqlite3_api_routines*) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "iotmark_search_text", 1, flags, nullptr,
                                      SearchTextFunction, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "iotmark_search_grams", -1, flags, nullptr,
                                    SearchGramsFunction, nullptr, nullptr, nullptr);
  }
  return rc;
}

[[maybe_unused]] const int kSearchFunctionsRegistered =
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(&RegisterSearchFunctions));

constexpr std::string_view kRegistrySchema = R"sql(
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  acknowledge_within_days INTEGER NOT NULL DEFAULT 7,
  status_update_every_days INTEGER NOT NULL DEFAULT 30,
  policy_url TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  organization_id BIGINT REFERENCES organizations(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  model_number TEXT NOT NULL,
  name TEXT NOT NULL,
  product_type TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (organization_id, model_number)
);
CREATE TABLE firmware_versions (
  id INTEGER PRIMARY KEY,
  product_id BIGINT NOT NULL REFERENCES products(id),
  version TEXT NOT NULL,
  released_on BIGINT,
  covered INTEGER NOT NULL DEFAULT 1,
  coverage_note TEXT NOT NULL DEFAULT '',
  UNIQUE (product_id, version)
);
CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  product_id BIGINT NOT NULL REFERENCES products(id),
  kind TEXT NOT NULL,
  scheme TEXT NOT NULL,
  level TEXT NOT NULL,
  label_registration_number TEXT,
  requested_validity_months INTEGER,
  checklist_json TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  inquiry_note TEXT NOT NULL DEFAULT '',
  rejection_reason TEXT NOT NULL DEFAULT '',
  fee_amount_jpy BIGINT,
  fee_tax_included INTEGER NOT NULL DEFAULT 1,
  fee_source TEXT NOT NULL DEFAULT '',
  submitted_at BIGINT,
  invoiced_at BIGINT,
  paid_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX applications_organization ON applications(organization_id);
CREATE TABLE application_events (
  id INTEGER PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES applications(id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor_user_id BIGINT NOT NULL,
  actor_email TEXT NOT NULL,
  at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_application ON application_events(application_id);
CREATE TABLE labels (
  id INTEGER PRIMARY KEY,
  registration_number TEXT NOT NULL UNIQUE,
  product_id BIGINT NOT NULL REFERENCES products(id),
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  scheme TEXT NOT NULL,
  level TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  valid_from BIGINT NOT NULL,
  valid_until BIGINT NOT NULL,
  status TEXT NOT NULL,
  surveillance_request TEXT,
  surveillance_opened_at BIGINT,
  surveillance_deadline BIGINT,
  surveillance_evidence TEXT,
  surveillance_evidence_at BIGINT
);
CREATE INDEX labels_organization ON labels(organization_id);
CREATE INDEX labels_product ON labels(product_id);
CREATE TABLE label_events (
  id INTEGER PRIMARY KEY,
  label_id BIGINT NOT NULL REFERENCES labels(id),
  kind TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  actor_user_id BIGINT NOT NULL,
  actor_email TEXT NOT NULL,
  at BIGINT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  log_index BIGINT
);
CREATE INDEX label_events_label ON label_events(label_id);
CREATE TABLE registration_sequences (
  year INTEGER PRIMARY KEY,
  last_value BIGINT NOT NULL
);
CREATE TABLE update_releases (
  id INTEGER PRIMARY KEY,
  product_id BIGINT NOT NULL REFERENCES products(id),
  version TEXT NOT NULL,
  released_on BIGINT NOT NULL,
  summary TEXT NOT NULL,
  security_relevant INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE vulnerabilities (
  id INTEGER PRIMARY KEY,
  product_id BIGINT NOT NULL REFERENCES products(id),
  identifier TEXT NOT NULL,
  severity TEXT NOT NULL,
  fixed_in_version TEXT NOT NULL DEFAULT '',
  advisory_url TEXT NOT NULL DEFAULT '',
  published_at BIGINT NOT NULL,
  UNIQUE (product_id, identifier)
);
CREATE TABLE vulnerability_reports (
  id INTEGER PRIMARY KEY,
  tracking_token_hash TEXT NOT NULL UNIQUE,
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  product_id BIGINT NOT NULL REFERENCES products(id),
  registration_number TEXT NOT NULL,
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_email TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  acknowledged_at BIGINT,
  last_update_at BIGINT
);
CREATE INDEX vulnerability_reports_organization ON vulnerability_reports(organization_id);
CREATE TABLE report_updates (
  id INTEGER PRIMARY KEY,
  report_id BIGINT NOT NULL REFERENCES vulnerability_reports(id),
  status TEXT NOT NULL,
  at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  actor_user_id BIGINT NOT NULL
);
CREATE TABLE log_entries (
  entry_index BIGINT PRIMARY KEY,
  data TEXT NOT NULL,
  leaf_hash TEXT NOT NULL,
  appended_at BIGINT NOT NULL
);
CREATE TABLE tree_heads (
  tree_size BIGINT PRIMARY KEY,
  root_hash TEXT NOT NULL,
  timestamp BIGINT NOT NULL,
  signature TEXT NOT NULL,
  key_id TEXT NOT NULL
);
CREATE TABLE signing_keys (
  key_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
)sql";

// Label search by vendor, product name and model number with trigram
// matching (substring search, also for Japanese). SQLite only; kept in sync
// by triggers.
constexpr std::string_view kLabelSearch = R"sql(
CREATE VIRTUAL TABLE label_search USING fts5(
  registration_number UNINDEXED, vendor, product_name, model_number, tokenize = 'trigram');
CREATE TRIGGER label_search_insert AFTER INSERT ON labels BEGIN
  INSERT INTO label_search(rowid, registration_number, vendor, product_name, model_number)
  SELECT NEW.id, NEW.registration_number, o.name || ' ' || o.name_en, p.name, p.model_number
  FROM products p JOIN organizations o ON o.id = p.organization_id WHERE p.id = NEW.product_id;
END;
CREATE TRIGGER label_search_product_update AFTER UPDATE ON products BEGIN
  UPDATE label_search SET product_name = NEW.name, model_number = NEW.model_number
  WHERE rowid IN (SELECT id FROM labels WHERE product_id = NEW.id);
END;
CREATE TRIGGER label_search_label_product AFTER UPDATE OF product_id ON labels BEGIN
  UPDATE label_search SET
    product_name = (SELECT name FROM products WHERE id = NEW.product_id),
    model_number = (SELECT model_number FROM products WHERE id = NEW.product_id)
  WHERE rowid = NEW.id;
END;
CREATE TRIGGER label_search_organization_update AFTER UPDATE ON organizations BEGIN
  UPDATE label_search SET vendor = NEW.name || ' ' || NEW.name_en
  WHERE rowid IN (SELECT id FROM labels WHERE organization_id = NEW.id);
END;
)sql";

// The change sequence: every change a mirror, feed or webhook subscriber
// should see (status changes, security information, coverage, policy) is one
// row per affected label, numbered in commit order. labels.change_sequence is
// the label's newest change (the delta export reads it through an index).
// Existing labels get one "baseline" change each. Webhook subscriptions keep
// their delivery cursor (the last sequence delivered) beside the lease that
// stops two servers delivering the same change at once.
constexpr std::string_view kChangeSequence = R"sql(
CREATE TABLE registry_changes (
  sequence INTEGER PRIMARY KEY,
  label_id BIGINT NOT NULL REFERENCES labels(id),
  registration_number TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  at BIGINT NOT NULL,
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX registry_changes_label ON registry_changes(registration_number, sequence);
ALTER TABLE labels ADD COLUMN change_sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE labels ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
INSERT INTO registry_changes (sequence, label_id, registration_number, kind, status, at, summary)
  SELECT id, id, registration_number, 'baseline', status, issued_at, '' FROM labels ORDER BY id;
UPDATE labels SET change_sequence = id, changed_at = issued_at;
CREATE INDEX labels_change_sequence ON labels(change_sequence);
CREATE TABLE webhook_subscriptions (
  id INTEGER PRIMARY KEY,
  owner_user_id BIGINT NOT NULL,
  url TEXT NOT NULL,
  registration_number TEXT,
  secret TEXT NOT NULL,
  cursor BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL DEFAULT 0,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_attempt_at BIGINT,
  last_result TEXT NOT NULL DEFAULT '',
  delivered_changes BIGINT NOT NULL DEFAULT 0,
  deleted_at BIGINT
);
CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions(owner_user_id);
)sql";

// The expiry sweep (RegistryService::RunExpiry) looks for active and
// under-surveillance labels whose validity or deadline has passed: an index
// on status first keeps it from reading every label row once a minute.
constexpr std::string_view kExpiryIndexes = R"sql(
CREATE INDEX labels_status_valid_until ON labels(status, valid_until);
CREATE INDEX labels_status_deadline ON labels(status, surveillance_deadline);
)sql";

// Two-character search terms through the trigram index: every indexed column
// ends with U+E000, so each occurrence of a two-character term starts some
// trigram, and label_search_vocab lists the trigrams by prefix
// (registry/label_search.cc). The triggers are those of migration 2 plus the
// end mark; existing rows get it once here.
constexpr std::string_view kShortTermSearch = R"sql(
DROP TRIGGER label_search_insert;
DROP TRIGGER label_search_product_update;
DROP TRIGGER label_search_label_product;
DROP TRIGGER label_search_organization_update;
CREATE TRIGGER label_search_insert AFTER INSERT ON labels BEGIN
  INSERT INTO label_search(rowid, registration_number, vendor, product_name, model_number)
  SELECT NEW.id, NEW.registration_number, o.name || ' ' || o.name_en || char(57344),
         p.name || char(57344), p.model_number || char(57344)
  FROM products p JOIN organizations o ON o.id = p.organization_id WHERE p.id = NEW.product_id;
END;
CREATE TRIGGER label_search_product_update AFTER UPDATE ON products BEGIN
  UPDATE label_search SET product_name = NEW.name || char(57344),
                          model_number = NEW.model_number || char(57344)
  WHERE rowid IN (SELECT id FROM labels WHERE product_id = NEW.id);
END;
CREATE TRIGGER label_search_label_product AFTER UPDATE OF product_id ON labels BEGIN
  UPDATE label_search SET
    product_name = (SELECT name FROM products WHERE id = NEW.product_id) || char(57344),
    model_number = (SELECT model_number FROM products WHERE id = NEW.product_id) || char(57344)
  WHERE rowid = NEW.id;
END;
CREATE TRIGGER label_search_organization_update AFTER UPDATE ON organizations BEGIN
  UPDATE label_search SET vendor = NEW.name || ' ' || NEW.name_en || char(57344)
  WHERE rowid IN (SELECT id FROM labels WHERE organization_id = NEW.id);
END;
UPDATE label_search SET vendor = vendor || char(57344), product_name = product_name || char(57344),
                        model_number = model_number || char(57344);
CREATE VIRTUAL TABLE label_search_vocab USING fts5vocab(label_search, 'row');
)sql";

// PostgreSQL in place of migration 2: no FTS5 there (label search runs the
// portable LIKE path until the search index lands, see
// registry/label_search.h), but the registry reads a page of labels by a
// JSON array of ids through SQLite's json_each(?) table function
// (service_labels.cc); this is the same call for PostgreSQL, one `value`
// column of BIGINT per array element. An overload of the built-in
// json_each(json): an untyped parameter resolves to this text version.
constexpr std::string_view kPostgresJsonEach = R"sql(
CREATE FUNCTION json_each(ids TEXT) RETURNS TABLE (value BIGINT)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT element::BIGINT FROM json_array_elements_text(ids::json) AS element $$;
)sql";

// Label search for Japanese users at every term length
// (persistence/sqlite/label_search_index.cc reads these tables):
// - label_search holds each label's vendor, product name and model number
//   normalised by iotmark_search_text (NFKC + case folding: 「ＣＡＭ」 and "CAM",
//   「ｶﾒﾗ」 and 「カメラ」 are the same text), still FTS5 trigram-indexed;
// - label_search_grams indexes the 1-, 2- and 3-character grams of those
//   values (iotmark_search_grams), rowids only, no content, so terms of any
//   length are one FTS5 lookup; its rows are deleted with the tokens
//   recomputed from label_search (which must therefore change after them).
// The triggers fire only when a searched column changes. Existing rows are
// re-normalised here (the end mark of migration 5 goes).
constexpr std::string_view kNormalizedSearch = R"sql(
DROP TRIGGER label_search_insert;
DROP TRIGGER label_search_product_update;
DROP TRIGGER label_search_label_product;
DROP TRIGGER label_search_organization_update;
DROP TABLE label_search_vocab;
DROP TABLE label_search;
CREATE VIRTUAL TABLE label_search USING fts5(
  registration_number UNINDEXED, vendor, product_name, model_number, tokenize = 'trigram');
CREATE VIRTUAL TABLE label_search_grams USING fts5(
  grams, content = '', detail = none, tokenize = 'ascii');
INSERT INTO label_search(rowid, registration_number, vendor, product_name, model_number)
  SELECT l.id, l.registration_number, iotmark_search_text(o.name || ' ' || o.name_en),
         iotmark_search_text(p.name), iotmark_search_text(p.model_number)
  FROM labels l JOIN products p ON p.id = l.product_id
  JOIN organizations o ON o.id = p.organization_id ORDER BY l.id;
INSERT INTO label_search_grams(rowid, grams)
  SELECT rowid, iotmark_search_grams(vendor, product_name, model_number) FROM label_search
  ORDER BY rowid;
CREATE TRIGGER label_search_insert AFTER INSERT ON labels BEGIN
  INSERT INTO label_search(rowid, registration_number, vendor, product_name, model_number)
  SELECT NEW.id, NEW.registration_number, iotmark_search_text(o.name || ' ' || o.name_en),
         iotmark_search_text(p.name), iotmark_search_text(p.model_number)
  FROM products p JOIN organizations o ON o.id = p.organization_id WHERE p.id = NEW.product_id;
  INSERT INTO label_search_grams(rowid, grams)
  SELECT rowid, iotmark_search_grams(vendor, product_name, model_number) FROM label_search
  WHERE rowid = NEW.id;
END;
CREATE TRIGGER label_search_product_update AFTER UPDATE OF name, model_number ON products BEGIN
  INSERT INTO label_search_grams(label_search_grams, rowid, grams)
  SELECT 'delete', rowid, iotmark_search_grams(vendor, product_name, model_number)
  FROM label_search WHERE rowid IN (SELECT id FROM labels WHERE product_id = NEW.id);
  UPDATE label_search SET product_name = iotmark_search_text(NEW.name),
                          model_number = iotmark_search_text(NEW.model_number)
  WHERE rowid IN (SELECT id FROM labels WHERE product_id = NEW.id);
  INSERT INTO label_search_grams(rowid, grams)
  SELECT rowid, iotmark_search_grams(vendor, product_name, model_number) FROM label_search
  WHERE rowid IN (SELECT id FROM labels WHERE product_id = NEW.id);
END;
CREATE TRIGGER label_search_label_product AFTER UPDATE OF product_id ON labels BEGIN
  INSERT INTO label_search_grams(label_search_grams, rowid, grams)
  SELECT 'delete', rowid, iotmark_search_grams(vendor, product_name, model_number)
  FROM label_search WHERE rowid = NEW.id;
  UPDATE label_search SET
    product_name = (SELECT iotmark_search_text(name) FROM products WHERE id = NEW.product_id),
    model_number = (SELECT iotmark_search_text(model_number) FROM products WHERE id = NEW.product_id)
  WHERE rowid = NEW.id;
  INSERT INTO label_search_grams(rowid, grams)
  SELECT rowid, iotmark_search_grams(vendor, product_name, model_number) FROM label_search
  WHERE rowid = NEW.id;
END;
CREATE TRIGGER label_search_organization_update AFTER UPDATE OF name, name_en ON organizations
BEGIN
  INSERT INTO label_search_grams(label_search_grams, rowid, grams)
  SELECT 'delete', rowid, iotmark_search_grams(vendor, product_name, model_number)
  FROM label_search WHERE rowid IN (SELECT id FROM labels WHERE organization_id = NEW.id);
  UPDATE label_search SET vendor = iotmark_search_text(NEW.name || ' ' || NEW.name_en)
  WHERE rowid IN (SELECT id FROM labels WHERE organization_id = NEW.id);
  INSERT INTO label_search_grams(rowid, grams)
  SELECT rowid, iotmark_search_grams(vendor, product_name, model_number) FROM label_search
  WHERE rowid IN (SELECT id FROM labels WHERE organization_id = NEW.id);
END;
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "registry schema", kRegistrySchema},
      {2, "label search (FTS5 trigram)", kLabelSearch, kPostgresJsonEach},
      {3, "change sequence and webhook subscriptions", kChangeSequence},
      {4, "indexes for the expiry sweep", kExpiryIndexes},
      {5, "two-character search terms (end mark, trigram vocabulary)", kShortTermSearch, kNoOp},
      {6, "normalised search text (NFKC, case folding), n-gram index for every term length",
       kNormalizedSearch, PostgresLabelSearchMigration()},
      {7, "SBOMs, service identifications, findings, mail outbox", kMonitoringSchema},
      {8, "remediation category of affected findings (CSAF)", kFindingRemediation},
      {9, "login-throttle counters shared by every server", kLoginThrottleSchema},
      {10, "third-party evaluation: organisation kind, evaluation lab, reports, certification",
       kEvaluationsSchema},
  };
  return kMigrations;
}

}  // namespace iotmark::store
