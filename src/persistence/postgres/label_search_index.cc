#include "persistence/postgres/label_search_index.h"

#include <chrono>

#include "common/search_text.h"
#include "persistence/label_status_sql.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace iotmark::persistence::postgres {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION iotmark_search_text(t TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(normalize(t, NFKC)) $$;
-- The distinct 1- and 2-character substrings without whitespace.
CREATE FUNCTION iotmark_search_short_grams(VARIADIC vals TEXT[]) RETURNS TEXT[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT COALESCE(array_agg(DISTINCT g), '{}') FROM (
      SELECT substr(v, i, n) AS g
      FROM unnest(vals) AS v, generate_series(1, length(v)) AS i, (VALUES (1), (2)) AS w(n)
      WHERE i + n - 1 <= length(v)) AS grams
    WHERE g !~ '\s'
  $$;
CREATE TABLE label_search (
  label_id BIGINT PRIMARY KEY REFERENCES labels(id),
  vendor TEXT NOT NULL,
  product_name TEXT NOT NULL,
  model_number TEXT NOT NULL,
  short_grams TEXT[] NOT NULL
);
CREATE INDEX label_search_vendor_trgm ON label_search USING gin (vendor gin_trgm_ops);
CREATE INDEX label_search_product_trgm ON label_search USING gin (product_name gin_trgm_ops);
CREATE INDEX label_search_model_trgm ON label_search USING gin (model_number gin_trgm_ops);
CREATE INDEX label_search_short_grams ON label_search USING gin (short_grams);
CREATE FUNCTION iotmark_label_search_refresh(ids BIGINT[]) RETURNS void
  LANGUAGE sql
  AS $$
    INSERT INTO label_search (label_id, vendor, product_name, model_number, short_grams)
    SELECT l.id, x.vendor, x.product_name, x.model_number,
           iotmark_search_short_grams(x.vendor, x.product_name, x.model_number)
    FROM labels l JOIN products p ON p.id = l.product_id
    JOIN organizations o ON o.id = p.organization_id
    CROSS JOIN LATERAL (SELECT iotmark_search_text(o.name || ' ' || o.name_en) AS vendor,
                               iotmark_search_text(p.name) AS product_name,
                               iotmark_search_text(p.model_number) AS model_number) x
    WHERE l.id = ANY(ids)
    ON CONFLICT (label_id) DO UPDATE SET vendor = EXCLUDED.vendor,
      product_name = EXCLUDED.product_name, model_number = EXCLUDED.model_number,
      short_grams = EXCLUDED.short_grams
  $$;
CREATE FUNCTION iotmark_label_search_label() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM iotmark_label_search_refresh(ARRAY[NEW.id]);
  RETURN NULL;
END $$;
CREATE FUNCTION iotmark_label_search_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM iotmark_label_search_refresh(ARRAY(SELECT id FROM labels WHERE product_id = NEW.id));
  RETURN NULL;
END $$;
CREATE FUNCTION iotmark_label_search_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM iotmark_label_search_refresh(
    ARRAY(SELECT id FROM labels WHERE organization_id = NEW.id));
  RETURN NULL;
END $$;
CREATE TRIGGER label_search_insert AFTER INSERT ON labels
  FOR EACH ROW EXECUTE FUNCTION iotmark_label_search_label();
CREATE TRIGGER label_search_label_product AFTER UPDATE OF product_id ON labels
  FOR EACH ROW EXECUTE FUNCTION iotmark_label_search_label();
CREATE TRIGGER label_search_product_update AFTER UPDATE OF name, model_number ON products
  FOR EACH ROW EXECUTE FUNCTION iotmark_label_search_product();
CREATE TRIGGER label_search_organization_update AFTER UPDATE OF name, name_en ON organizations
  FOR EACH ROW EXECUTE FUNCTION iotmark_label_search_organization();
SELECT iotmark_label_search_refresh(ARRAY(SELECT id FROM labels));
)sql";

std::int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// `%term%` for LIKE (backslash is PostgreSQL's default escape character).
std::string LikePattern(std::string_view term) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + "%";
}

// A whitespace-free term of one or two characters: the gram array answers it.
bool ShortTerm(std::string_view term) {
  if (CodePointCount(term) > 2) return false;
  for (char c : term) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return false;
  }
  return true;
}

}  // namespace

std::string_view PostgresLabelSearchSchema() { return kSchema; }

PostgresSearchStatement BuildPostgresSearch(const registry::LabelQuery& query, TimePoint now) {
  const registry::LabelSearchTerms terms = registry::ParseLabelSearch(query);
  PostgresSearchStatement statement;
  std::string& sql = statement.sql;
  std::vector<store::Value>& params = statement.params;
  const bool text = terms.has_text();
  if (text) {
    sql = "SELECT s.label_id FROM label_search s JOIN labels l ON l.id = s.label_id";
  } else {
    sql = "SELECT l.id FROM labels l";
  }
  if (!query.product_type.empty()) sql += " JOIN products p ON p.id = l.product_id";
  sql += " WHERE 1 = 1";
  std::vector<std::string> grams;
  for (const std::string& term : terms.text_terms) {
    if (ShortTerm(term)) {
      grams.push_back(term);
      continue;
    }
    sql += " AND (s.vendor LIKE ? OR s.product_name LIKE ? OR s.model_number LIKE ?)";
    for (int i = 0; i < 3; ++i) params.push_back(LikePattern(term));
  }
  if (!grams.empty()) {
    // One containment test for every short term (the GIN index of the array).
    sql += " AND s.short_grams @> ARRAY[";
    for (std::size_t i = 0; i < grams.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.push_back(grams[i]);
    }
    sql += "]::TEXT[]";
  }
  if (!terms.vendor.empty()) {
    if (ShortTerm(terms.vendor)) {
      // Short: the gram array narrows, the vendor column decides.
      sql += " AND s.short_grams @> ARRAY[?]::TEXT[] AND strpos(s.vendor, ?) > 0";
      params.push_back(terms.vendor);
      params.push_back(terms.vendor);
    } else {
      sql += " AND s.vendor LIKE ?";
      params.push_back(LikePattern(terms.vendor));
    }
  }
  AppendLabelFiltersAndPage(query, terms, Seconds(now), "s.label_id DESC", sql, params);
  return statement;
}

Result<registry::LabelSearchHits> PostgresLabelSearchIndex::Search(
    store::Transaction& transaction, const registry::LabelQuery& query, TimePoint now) {
  const PostgresSearchStatement statement = BuildPostgresSearch(query, now);
  return RunLabelSearch(transaction, statement.sql, statement.params, query.page_size);
}

}  // namespace iotmark::persistence::postgres
