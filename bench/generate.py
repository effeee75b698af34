#!/usr/bin/env python3
"""Writes a fictional résumé of about N pages to stdout: `bench/generate.py N`;
`bench/generate.py N --boxes` writes the same text laid out with boxes side by side
(a grid with a sidebar, flex title rows, skills in columns), as `cargo bench`'s
`Np-boxes` inputs do.

Each job section is about a third of an A4 page with the default theme, so the
document has roughly N pages (the benchmarks report the real count).
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1
boxes = "--boxes" in sys.argv
out = ["---", "document_title: Avery Benchmark", "pdf_options:", "  format: A4", "  margin: 20mm", "---", "",
       "# Avery Benchmark", "",
       "Staff engineer · Exampleton · [avery@example.com](mailto:avery@example.com) · <https://example.org/avery>", ""]
for i in range(n * 4):
    title = f"## Engineer, Example Corp {i} ({2000 + i % 25}–{2001 + i % 25})"
    if boxes:
        title = (f'<div style="display: flex; justify-content: space-between"><strong>Engineer, Example Corp {i}</strong>'
                 f'<span>{2000 + i % 25}–{2001 + i % 25}</span></div>')
    out += [title, "",
            "Built and ran the *ingestion* platform: two terabytes of sensor data a day through "
            "`rust` services, with **99.99 %** availability and a cost per event cut by a third.", "",
            "- Designed the partitioned storage layer and its compaction scheduler",
            "- Led four engineers through a migration to spot instances, saving 30 % of the cloud bill",
            "- Wrote the incident runbooks and the on-call training for the whole team", "",
            "| Skill | Level | Years |", "|---|---|---:|", f"| Rust | expert | {i % 10 + 2} |", "| SQL | advanced | 7 |", ""]
if boxes:
    head, body = out[:11], out[11:]
    out = head + ['<div style="display: grid; grid-template-columns: 130px 1fr; gap: 16px">',
                  '<div style="background: #f1f4f8; padding: 8px">', "", "**Skills**", "",
                  '<div style="columns: 2">Rust<br>SQL<br>Go<br>Kafka</div>', "", "</div>",
                  "<div>", ""] + body + ["</div>", "</div>"]
sys.stdout.write("\n".join(out) + "\n")
