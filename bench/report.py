"""The table of `make bench` and issue 17's targets beside the numbers ("What it must show")."""

ROWS = [  # key, label
    ("feed_cold", "public feed: cold build"),
    ("feed_warm", "public feed: warm 200"),
    ("feed_304", "public feed: 304"),
    ("meeting_ics", "meeting .ics, 500 items"),
    ("meeting_page", "meeting page, 500 items"),
    ("participants", "list of 300 participants"),
    ("home", "home page"),
    ("pdf_cold", "agenda PDF 500 items: cold"),
    ("pdf_warm", "agenda PDF 500 items: again"),
]
# "Today" as issue 17 measured it before the work (gunicorn, PostgreSQL, the same machine).
TODAY_FEED_COLD_200_MS = 186
TODAY_PDF_MS = 5000
INDICO_PDF_PAGES = 47
TODAY_FEED_BYTES_10000 = 5_000_000
PEAK_RSS_MB = 200


def _mark(ok: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "n/a "}[ok]


def _ms(row: dict | None) -> str:
    return "-" if not row or row.get("ms") is None else f"{row['ms']:.1f}"


def table(backend: str, results: list[dict]) -> str:
    sizes = [r["meetings"] for r in results]
    by_size = {r["meetings"]: r for r in results}
    lines = [f"== {backend}: median ms / SQL queries per request, by number of meetings "
             f"(data built in {', '.join(_built(r) for r in results)})"]
    header = f"{'':<28}" + "".join(f"{f'{n:,}':>16}" for n in sizes) + f"{'x 10k/100':>11}"
    lines.append(header)
    for key, label in ROWS:
        cells = []
        for n in sizes:
            row = by_size[n].get("rows", {}).get(key)
            cells.append(f"{_ms(row):>10} {_q(row):>5}")
        lines.append(f"{label:<28}" + "".join(cells) + f"{_growth(by_size, key):>11}")
    notes = sorted({f"{label}: {note}" for key, label in ROWS for r in results
                    for note in r.get("rows", {}).get(key, {}).get("notes", [])})
    lines += [f"  note: {note}" for note in notes]
    lines += [f"  failed: {r['meetings']} meetings: {r['failed']}" for r in results if "failed" in r]
    lines += targets(by_size)
    return "\n".join(lines)


def _built(result: dict) -> str:
    return f"{result.get('build_seconds', 0):.0f} s" if "build_seconds" in result else "failed"


def _q(row: dict | None) -> str:
    return "-" if not row or row.get("queries") is None else str(row["queries"])


def _growth(by_size: dict, key: str) -> str:
    small, large = (by_size.get(n, {}).get("rows", {}).get(key) for n in (100, 10_000))
    if not small or not large or not small.get("ms") or large.get("ms") is None:
        return "-"
    return f"{large['ms'] / small['ms']:.2f}"


def targets(by_size: dict) -> list[str]:
    def row(n: int, key: str) -> dict:
        return by_size.get(n, {}).get("rows", {}).get(key) or {}

    lines = ["Targets of issue 17 (reference numbers of 'today' are the issue's):"]
    unequal = [label for key, label in ROWS if row(100, key).get("queries") != row(10_000, key).get("queries")]
    have = 100 in by_size and 10_000 in by_size
    lines.append(f"  [{_mark(not unequal if have else None)}] queries per request equal at 100 and 10,000 meetings"
                 + (f" (differ: {', '.join(unequal)})" if unequal and have else ""))
    cold100, cold10k, cold200 = (row(n, "feed_cold").get("ms") for n in (100, 10_000, 200))
    ratio = cold10k / cold100 if cold100 and cold10k else None
    lines.append(f"  [{_mark(ratio <= 2 if ratio else None)}] feed build at 10,000 <= 2x at 100: "
                 + (f"{ratio:.2f}x" if ratio else "-"))
    lines.append(f"  [{_mark(cold200 <= TODAY_FEED_COLD_200_MS / 2 if cold200 else None)}] feed cold build at 200 <= "
                 f"{TODAY_FEED_COLD_200_MS / 2:.0f} ms (half of {TODAY_FEED_COLD_200_MS}): "
                 + (f"{cold200:.1f} ms" if cold200 else "-"))
    served = next((r["serving"] for r in by_size.values() if "serving" in r), None)
    if served:
        static = served["static"]["rps"]
        for key, label in (("feed_warm", "warm 200"), ("feed_304", "304")):
            load = served.get(key)
            share = load["rps"] / static if load and static else None
            detail = (f"{load['rps']:.0f} vs static {static:.0f} req/s = {share:.0%} ({load['tool']})"
                      if share is not None else "no validator")
            lines.append(f"  [{_mark(share >= 0.5 if share is not None else None)}] feed {label} >= 50% of "
                         f"the static file's throughput: {detail}")
        if not served.get("static_same_bytes"):
            lines.append("  note: the static file did not come back with the feed's bytes")
        peak_mb = served["peak_rss_mib"] * 1024 * 1024 / 1e6
        lines.append(f"  [{_mark(peak_mb < PEAK_RSS_MB)}] peak RSS of a gunicorn worker < {PEAK_RSS_MB} MB: "
                     f"{peak_mb:.0f} MB (after the builds: {', '.join(f'{m:.0f}' for m in served['rss_after_builds_mib'])} MiB)")
    else:
        lines.append("  [n/a ] throughput and memory: not served")
    pdf = row(10_000, "pdf_cold") or row(max(by_size), "pdf_cold")
    pages = pdf.get("extra", {}).get("pages")
    lines.append(f"  [{_mark(pdf['ms'] <= TODAY_PDF_MS / 2 if pdf.get('ms') else None)}] agenda PDF <= "
                 f"{TODAY_PDF_MS / 2000:.1f} s (half of {TODAY_PDF_MS / 1000:.0f} s): {_ms(pdf)} ms")
    lines.append(f"  [{_mark(pages <= INDICO_PDF_PAGES if pages else None)}] agenda PDF <= {INDICO_PDF_PAGES} pages "
                 f"(Indico's): {pages or '-'}")
    largest = by_size.get(10_000) or by_size[max(by_size)]
    wire = largest.get("wire")
    if wire:
        identity, both = wire["identity"]["bytes"], wire["gzip, br"]
        # Today's bytes are those of 10,000 meetings: a smaller data set says nothing of the target.
        ok = both["bytes"] <= TODAY_FEED_BYTES_10000 / 5 if largest["meetings"] == 10_000 else None
        lines.append(f"  [{_mark(ok)}] feed bytes on the wire with "
                     f"'gzip, br' <= 20% of today's {TODAY_FEED_BYTES_10000 / 1e6:.0f} MB: {both['bytes']:,} "
                     f"({both['encoding'] or 'not compressed'}; identity {identity:,}, "
                     f"gzip {wire['gzip']['bytes']:,}) at {largest['meetings']:,} meetings")
        if largest.get("set_cookie_on_feed"):
            lines.append("  note: the public feed answers with a Set-Cookie")
    return lines
