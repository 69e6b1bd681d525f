/**
 * Line and bar charts in plain SVG (no charting library to ship or keep up to date): enough for the
 * dashboard's time series and the annealing curves. A chart keeps at most `maxPoints` per series.
 */
import { PALETTE, h, s } from "./dom.js";

const W = 460;
const H = 170;
const PAD = { left: 52, right: 10, top: 10, bottom: 22 };

/** Short numbers for axis labels: 1.2k, 3.4M, 0.012. */
export function short(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (a >= 1e4) return (v / 1e3).toFixed(1) + "k";
  if (a >= 100 || v === Math.round(v)) return v.toFixed(0);
  return v.toPrecision(2);
}

export class LineChart {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly legend: HTMLElement;
  private readonly series = new Map<string, { x: number; y: number }[]>();

  constructor(title: string, private readonly options: { xLabel?: (x: number) => string; maxPoints?: number } = {}) {
    this.svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart" });
    this.legend = h("div", { class: "legend" });
    this.element = h("figure", { class: "panel", "data-chart": title }, h("figcaption", {}, title), this.svg, this.legend);
  }

  add(name: string, x: number, y: number): void {
    if (!Number.isFinite(y)) {
      return;
    }
    let points = this.series.get(name);
    if (!points) {
      points = [];
      this.series.set(name, points);
    }
    points.push({ x, y });
    if (points.length > (this.options.maxPoints ?? 300)) {
      points.shift();
    }
  }

  clear(): void {
    this.series.clear();
    this.render();
  }

  /** How many points the chart holds (the tests wait for data through this). */
  get points(): number {
    let n = 0;
    this.series.forEach((p) => (n += p.length));
    return n;
  }

  render(): void {
    const all = [...this.series.values()].flat();
    this.svg.replaceChildren();
    this.legend.replaceChildren();
    this.element.dataset.points = String(all.length);
    if (all.length === 0) {
      this.svg.append(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "waiting for data"));
      return;
    }
    const xs = all.map((p) => p.x);
    const ys = all.map((p) => p.y);
    let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (x0 === x1) x1 = x0 + 1;
    if (y0 === y1) { y0 -= 1; y1 += 1; }
    const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
    const py = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
    const xLabel = this.options.xLabel ?? short;
    this.svg.append(
      s("line", { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: "axis" }),
      s("line", { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: "axis" }),
      s("text", { x: PAD.left - 4, y: py(y1) + 4, "text-anchor": "end" }, short(y1)),
      s("text", { x: PAD.left - 4, y: py(y0), "text-anchor": "end" }, short(y0)),
      s("text", { x: PAD.left, y: H - 6 }, xLabel(x0)),
      s("text", { x: W - PAD.right, y: H - 6, "text-anchor": "end" }, xLabel(x1)),
    );
    let i = 0;
    for (const [name, points] of this.series) {
      const color = PALETTE[i++ % PALETTE.length];
      const d = points.map((p, k) => `${k === 0 ? "M" : "L"}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join("");
      this.svg.append(s("path", { d, stroke: color, fill: "none", "stroke-width": 1.6 }));
      const last = points[points.length - 1];
      this.legend.append(h("span", { style: `color:${color}` }, `■ ${name} ${short(last.y)}`));
    }
  }
}

/** Bars in [0, 1] (PT's swap acceptance per neighbouring pair). */
export class BarChart {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;

  constructor(title: string) {
    this.svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart" });
    this.element = h("figure", { class: "panel", "data-chart": title }, h("figcaption", {}, title), this.svg);
  }

  show(values: number[]): void {
    this.svg.replaceChildren();
    this.element.dataset.points = String(values.length);
    const inner = W - PAD.left - PAD.right;
    const bar = inner / Math.max(1, values.length);
    this.svg.append(
      s("line", { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: "axis" }),
      s("text", { x: PAD.left - 4, y: PAD.top + 4, "text-anchor": "end" }, "1"),
      s("text", { x: PAD.left - 4, y: H - PAD.bottom, "text-anchor": "end" }, "0"),
      s("text", { x: PAD.left, y: H - 6 }, "pair 0"),
      s("text", { x: W - PAD.right, y: H - 6, "text-anchor": "end" }, `pair ${values.length - 1} (hottest)`),
    );
    values.forEach((v, i) => {
      const height = Math.max(0, Math.min(1, v)) * (H - PAD.top - PAD.bottom);
      this.svg.append(s("rect", {
        x: PAD.left + i * bar + 1, y: H - PAD.bottom - height, width: Math.max(1, bar - 2), height, fill: PALETTE[0],
      }, s("title", {}, `pair ${i}: ${(v * 100).toFixed(1)} %`)));
    });
  }
}
