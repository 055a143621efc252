// PostgreSQL's label search index (migration 6 there); see the header.
#include "store/migrations_search_postgres.h"

namespace iotmark::store {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION iotmark_search_text(t TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(normalize(t, NFKC) COLLATE "und-x-icu") $$;
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
    JOIN organizations o ON o.id = l.organization_id
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

}  // namespace

std::string_view PostgresLabelSearchMigration() { return kSchema; }

}  // namespace iotmark::store
