#!/usr/bin/env python3
"""Builds the committed NVD subset of tests/fixtures/vulndb/real/ from real NVD data.

Usage:
  scripts/make-vulndb-subset.py --ids CVE-2016-7406,CVE-2011-2523,... \
      --products dropbear_ssh_project:dropbear_ssh,vsftpd_project:vsftpd,... \
      --out tests/fixtures/vulndb/real/nvd-cve-subset.json \
      --dictionary-out tests/fixtures/vulndb/real/nvd-cpe-subset.json  INPUT...

INPUT: NVD CVE JSON 2.0 feed files or CVE API 2.0 pages (plain or .gz, with a
top-level "vulnerabilities" array), single-CVE files as fkie-cad/nvd-json-data-feeds
stores them (the "cve" object itself), or directories holding such files.

What the script keeps of each selected record (the rest is not read by iotmark):
  id, sourceIdentifier, published, lastModified, vulnStatus, the English
  description, the cvssMetricV40/V31/V30/V2 entries (source, type,
  cvssData.version/vectorString/baseScore/baseSeverity, v2's baseSeverity),
  and the configurations that name one of --products (all when --products is
  not given) - verbatim.
Output: one CVE API 2.0 page ({"format": "NVD_CVE", "version": "2.0",
"vulnerabilities": [{"cve": ...}]}), records sorted by id.

--dictionary-out writes a CPE API 2.0 products page with one entry per distinct
CPE name in the kept configurations. Those entries are CONSTRUCTED from the
names (title "vendor product version", not deprecated, no cpeNameId): NVD's
CPE dictionary itself is not available offline here. Import the real
dictionary (CPE API 2.0 pages) for real use.
"""
import argparse
import gzip
import json
import os
import sys

METRIC_KEYS = ["cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"]


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def records_of(document):
    if isinstance(document, dict) and isinstance(document.get("vulnerabilities"), list):
        for item in document["vulnerabilities"]:
            if isinstance(item, dict) and isinstance(item.get("cve"), dict):
                yield item["cve"]
    elif isinstance(document, dict) and isinstance(document.get("id"), str):
        yield document


def inputs(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                for name in sorted(files):
                    if name.endswith((".json", ".json.gz")):
                        yield os.path.join(root, name)
        else:
            yield path


def product_of(criteria):
    parts = criteria.split(":")
    return parts[3] + ":" + parts[4] if len(parts) > 5 else ""


def names_products(configuration, products):
    for node in configuration.get("nodes", []):
        for match in node.get("cpeMatch", []):
            if product_of(match.get("criteria", "")) in products:
                return True
    return False


def reduce(cve, products):
    out = {key: cve[key] for key in ("id", "sourceIdentifier", "published", "lastModified",
                                     "vulnStatus") if key in cve}
    out["descriptions"] = [d for d in cve.get("descriptions", []) if d.get("lang") == "en"]
    metrics = {}
    for key in METRIC_KEYS:
        entries = []
        for metric in cve.get("metrics", {}).get(key, []):
            data = metric.get("cvssData", {})
            kept = {"source": metric.get("source"), "type": metric.get("type"),
                    "cvssData": {k: data[k] for k in ("version", "vectorString", "baseScore",
                                                      "baseSeverity") if k in data}}
            if "baseSeverity" in metric:
                kept["baseSeverity"] = metric["baseSeverity"]
            entries.append(kept)
        if entries:
            metrics[key] = entries
    out["metrics"] = metrics
    configurations = cve.get("configurations", [])
    if products:
        configurations = [c for c in configurations if names_products(c, products)]
    out["configurations"] = configurations
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", required=True, help="comma-separated CVE ids")
    parser.add_argument("--products", default="", help="comma-separated vendor:product names")
    parser.add_argument("--out", required=True)
    parser.add_argument("--dictionary-out")
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()
    wanted = {i.strip().upper() for i in args.ids.split(",") if i.strip()}
    products = {p.strip().lower() for p in args.products.split(",") if p.strip()}
    found = {}
    for path in inputs(args.inputs):
        try:
            document = load(path)
        except (OSError, ValueError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 2
        for cve in records_of(document):
            if cve.get("id", "").upper() in wanted:
                found[cve["id"].upper()] = reduce(cve, products)
    missing = sorted(wanted - set(found))
    if missing:
        print("not found in the inputs: " + ", ".join(missing), file=sys.stderr)
        return 2
    items = [{"cve": found[key]} for key in sorted(found)]
    page = {"resultsPerPage": len(items), "startIndex": 0, "totalResults": len(items),
            "format": "NVD_CVE", "version": "2.0", "timestamp": "subset",
            "vulnerabilities": items}
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(page, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    if args.dictionary_out:
        names = sorted({match["criteria"] for item in items
                        for configuration in item["cve"]["configurations"]
                        for node in configuration.get("nodes", [])
                        for match in node.get("cpeMatch", [])})
        products_out = []
        for name in names:
            parts = name.split(":")
            title = " ".join(p for p in parts[3:6] if p not in ("*", "-"))
            products_out.append({"cpe": {"deprecated": False, "cpeName": name,
                                         "titles": [{"title": title, "lang": "en"}]}})
        dictionary = {"resultsPerPage": len(products_out), "startIndex": 0,
                      "totalResults": len(products_out), "format": "NVD_CPE", "version": "2.0",
                      "timestamp": "subset", "products": products_out}
        with open(args.dictionary_out, "w", encoding="utf-8") as handle:
            json.dump(dictionary, handle, indent=1)
            handle.write("\n")
    print(f"{args.out}: {len(items)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
