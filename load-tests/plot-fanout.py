#!/usr/bin/env python3
"""Draws docs/streaming-benchmarks.svg from docs/streaming-benchmarks.csv: server CPU per delivered
message for each scenario and server, as grouped bars (no plotting library needed).

    python3 load-tests/plot-fanout.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "..", "docs")
rows = list(csv.DictReader(open(os.path.join(DOCS, "streaming-benchmarks.csv"))))

scenarios = []
for r in rows:
    if r["scenario"] not in scenarios:
        scenarios.append(r["scenario"])
servers = []
for r in rows:
    if r["server"] not in servers:
        servers.append(r["server"])
colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
value = {(r["scenario"], r["server"]): float(r["cpu_us_per_message"]) for r in rows}

width, height = 860, 420
left, right, top, bottom = 70, 20, 40, 110
plot_w, plot_h = width - left - right, height - top - bottom
top_value = max(value.values()) * 1.15
group_w = plot_w / len(scenarios)
bar_w = group_w * 0.8 / len(servers)


def y(v):
    return top + plot_h - v / top_value * plot_h


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">Server CPU per delivered message (µs, lower is better)</text>']
step = 5 if top_value > 20 else 2
v = 0
while v <= top_value:
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    v += step
for g, scenario in enumerate(scenarios):
    x0 = left + g * group_w + group_w * 0.1
    for s, server in enumerate(servers):
        if (scenario, server) not in value:
            continue
        val = value[(scenario, server)]
        x = x0 + s * bar_w
        out.append(f'<rect x="{x:.1f}" y="{y(val):.1f}" width="{bar_w - 2:.1f}" height="{top + plot_h - y(val):.1f}" '
                   f'fill="{colours[s % len(colours)]}"><title>{server}: {val} µs</title></rect>')
        out.append(f'<text x="{x + bar_w / 2 - 1:.1f}" y="{y(val) - 3:.1f}" text-anchor="middle" font-size="10">{val:g}</text>')
    out.append(f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{scenario}</text>')
for s, server in enumerate(servers):
    lx = left + (s % 3) * 260
    ly = height - 50 + (s // 3) * 18
    out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colours[s % len(colours)]}"/>')
    out.append(f'<text x="{lx + 18}" y="{ly}">{server}</text>')
out.append("</svg>")
open(os.path.join(DOCS, "streaming-benchmarks.svg"), "w").write("\n".join(out) + "\n")
print("wrote docs/streaming-benchmarks.svg")
