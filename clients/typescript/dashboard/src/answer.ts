/**
 * The answer drawn: the cut on the graph (the two sides coloured, cut edges solid), the colouring
 * (conflicting edges red), the tour through the cities. Anything else: the objective as text.
 */
import type { Drawable } from "./examples.js";
import { PALETTE, h, s } from "./dom.js";

const SIZE = 360;

export function drawAnswer(drawable: Drawable, objective: Record<string, unknown>): HTMLElement {
  const svg = s("svg", { viewBox: `0 0 ${SIZE} ${SIZE}`, class: "answer", id: "anneal-answer-drawing" });
  const at = (i: number) => drawable.points[i] ?? { x: 0.5, y: 0.5 };
  const X = (i: number) => (at(i).x * SIZE).toFixed(1);
  const Y = (i: number) => (at(i).y * SIZE).toFixed(1);
  const dot = (i: number, fill: string) => s("circle", { cx: X(i), cy: Y(i), r: 6, fill, stroke: "#333" }, s("title", {}, `vertex ${i}`));
  let caption = "";

  if (drawable.kind === "maxcut" && Array.isArray(objective.partition)) {
    const side = objective.partition as number[];
    for (const [u, v] of drawable.edges) {
      const cut = side[u] !== side[v];
      svg.append(s("line", { x1: X(u), y1: Y(u), x2: X(v), y2: Y(v), class: cut ? "edge cut" : "edge uncut" }));
    }
    drawable.points.forEach((_, i) => svg.append(dot(i, side[i] ? PALETTE[1] : PALETTE[0])));
    caption = `cut ${objective.cut}: solid edges cross between the red and the blue side`;
  } else if (drawable.kind === "coloring" && Array.isArray(objective.coloring)) {
    const colour = objective.coloring as number[];
    for (const [u, v] of drawable.edges) {
      svg.append(s("line", { x1: X(u), y1: Y(u), x2: X(v), y2: Y(v), class: colour[u] === colour[v] ? "edge conflict" : "edge" }));
    }
    drawable.points.forEach((_, i) => svg.append(dot(i, colour[i] < 0 ? "#fff" : PALETTE[colour[i] % PALETTE.length])));
    caption = `${objective.colors_used} colours, ${objective.conflicts} conflicts`;
  } else if (drawable.kind === "tsp" && Array.isArray(objective.tour)) {
    const tour = objective.tour as number[];
    const d = tour.map((c, k) => `${k === 0 ? "M" : "L"}${X(c)},${Y(c)}`).join("") + "Z";
    svg.append(s("path", { d, class: "tour" }));
    drawable.points.forEach((_, i) => svg.append(dot(i, PALETTE[0])));
    caption = `tour length ${objective.tour_length}`;
  } else {
    return h("pre", { id: "anneal-answer-drawing" }, JSON.stringify(objective, null, 1).slice(0, 4000));
  }
  return h("figure", { class: "panel" }, svg, h("figcaption", { id: "anneal-answer-caption" }, caption));
}
