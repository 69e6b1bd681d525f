#!/usr/bin/env python3
"""Draws the load-test figures of load-tests/README.md from the CSVs load-tests/load-writeup.sh wrote
(plain SVG, no plotting library needed):

    python3 load-tests/plot-load.py

  results/latency-vs-rate.svg      fan-out p50/p99 against the publish rate (1000 subscribers)
  results/deliveries-vs-clients.svg  deliveries/s against subscribers (20 messages/s)
  results/storm-recovery.svg       reconnect storm: p95 drop-to-recovered against clients
"""
import csv
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
COLOURS = {"project": "#1f77b4", "bare-ws": "#ff7f0e", "socketio": "#2ca02c"}
NAMES = {"project": "this server", "bare-ws": "bare ws", "socketio": "Socket.IO"}


def chart(path, title, xlabel, ylabel, series, log_y=False):
    """series: {name: (colour, dash, [(x, y), …])}; x is drawn as evenly spaced categories."""
    import math
    width, height, left, right, top, bottom = 640, 380, 70, 150, 40, 50
    pw, ph = width - left - right, height - top - bottom
    xs = sorted({x for _, _, pts in series.values() for x, _ in pts})
    ys = [y for _, _, pts in series.values() for _, y in pts if y > 0]
    lo, hi = (min(ys), max(ys)) if ys else (1, 1)
    if log_y:
        lo, hi = math.log10(lo) - 0.1, math.log10(hi) + 0.1
        fy = lambda y: top + ph - (math.log10(max(y, 1e-9)) - lo) / (hi - lo) * ph
    else:
        lo, hi = 0, hi * 1.15
        fy = lambda y: top + ph - (y - lo) / (hi - lo) * ph
    fx = lambda x: left + (xs.index(x) + 0.5) * pw / len(xs)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14">{title}</text>',
           f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="black"/>',
           f'<text x="{left + pw / 2}" y="{height - 10}" text-anchor="middle">{xlabel}</text>',
           f'<text x="15" y="{top + ph / 2}" transform="rotate(-90 15 {top + ph / 2})" text-anchor="middle">{ylabel}</text>']
    for x in xs:
        out.append(f'<text x="{fx(x)}" y="{top + ph + 16}" text-anchor="middle">{x:g}</text>')
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        shown = 10 ** v if log_y else v
        y = top + ph - ph * i / 4
        out.append(f'<line x1="{left - 4}" y1="{y}" x2="{left + pw}" y2="{y}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{shown:,.0f}</text>' if shown >= 10
                   else f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{shown:.1f}</text>')
    for k, (name, (colour, dash, pts)) in enumerate(series.items()):
        pts = sorted(p for p in pts if p[1] > 0 or not log_y)
        d = " ".join(f"{fx(x):.1f},{fy(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out += [f'<circle cx="{fx(x):.1f}" cy="{fy(y):.1f}" r="3" fill="{colour}"/>' for x, y in pts]
        ly = top + 10 + 18 * k
        out.append(f'<line x1="{left + pw + 10}" y1="{ly}" x2="{left + pw + 30}" y2="{ly}" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{left + pw + 34}" y="{ly + 4}">{name}</text>')
    out.append("</svg>")
    with open(os.path.join(HERE, path), "w") as f:
        f.write("\n".join(out) + "\n")


fanout = list(csv.DictReader(open(os.path.join(HERE, "fanout-steps.csv"))))
servers = [s for s in COLOURS if any(r["server"] == s for r in fanout)]
latency = {}
for s in servers:
    rows = [r for r in fanout if r["server"] == s and r["step"] == "rate"]
    for q, dash in (("p50", "4 3"), ("p99", "")):
        latency[f"{NAMES[s]} {q}"] = (COLOURS[s], dash, [(float(r["rate"]), float(r[q + "_ms"])) for r in rows])
chart("latency-vs-rate.svg", "Fan-out latency, 1000 subscribers", "messages/s published", "ms (log)", latency, log_y=True)

deliveries = {NAMES[s]: (COLOURS[s], "", [(float(r["clients"]), float(r["delivered_per_s"]))
                                          for r in fanout if r["server"] == s and r["step"] == "clients"]) for s in servers}
chart("deliveries-vs-clients.svg", "Deliveries/s, 20 messages/s published", "subscribers", "deliveries/s", deliveries)

storm_path = os.path.join(HERE, "storm-steps.csv")
if os.path.exists(storm_path):
    storm = [r for r in csv.DictReader(open(storm_path)) if r["recovered_p95_ms"]]
    chart("storm-recovery.svg", "Reconnect storm: resubscribe to recovered, p95", "clients dropping at once", "ms",
          {"this server": (COLOURS["project"], "", [(float(r["clients"]), float(r["recovered_p95_ms"])) for r in storm])})
