/**
 * Example problems for the annealing view, each with the positions its answer is drawn at; and,
 * for an uploaded file, a best-effort reading of its graph or cities for the drawing (the server
 * reads the file for the solve; this reading is only for the picture).
 */
import type { JobRequest } from "../../src/index.js";

export interface Drawable {
  kind: "maxcut" | "coloring" | "tsp" | "other";
  /** Where each vertex or city is drawn, in [0, 1]². */
  points: { x: number; y: number }[];
  edges: [number, number][];
}

export interface Example {
  name: string;
  problem: JobRequest["problem"];
  drawable: Drawable;
}

/** A small deterministic generator, so the examples are the same every time. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const circle = (n: number) => Array.from({ length: n }, (_, i) => ({
  x: 0.5 + 0.45 * Math.cos((2 * Math.PI * i) / n), y: 0.5 + 0.45 * Math.sin((2 * Math.PI * i) / n),
}));

function randomGraph(n: number, p: number, seed: number): [number, number][] {
  const r = random(seed);
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (r() < p) edges.push([i, j]);
    }
  }
  return edges;
}

function maxcutExample(): Example {
  const n = 30;
  const edges = randomGraph(n, 0.15, 7);
  return {
    name: `Max-Cut: random graph, ${n} vertices, ${edges.length} edges`,
    problem: { type: "maxcut", graph: { nodes: n, edges: edges.map(([u, v]) => [u, v, 1]) } },
    drawable: { kind: "maxcut", points: circle(n), edges },
  };
}

function petersen(): Example {
  const outer = Array.from({ length: 5 }, (_, i) => [i, (i + 1) % 5] as [number, number]);
  const spokes = Array.from({ length: 5 }, (_, i) => [i, i + 5] as [number, number]);
  const inner = Array.from({ length: 5 }, (_, i) => [5 + i, 5 + ((i + 2) % 5)] as [number, number]);
  const edges = [...outer, ...spokes, ...inner];
  const ring = (radius: number) => Array.from({ length: 5 }, (_, i) => ({
    x: 0.5 + radius * Math.sin((2 * Math.PI * i) / 5), y: 0.5 - radius * Math.cos((2 * Math.PI * i) / 5),
  }));
  return {
    name: "Colouring: the Petersen graph, 3 colours",
    problem: { type: "coloring", colors: 3, graph: { nodes: 10, edges: edges.map(([u, v]) => [u, v, 1]) } },
    drawable: { kind: "coloring", points: [...ring(0.45), ...ring(0.22)], edges },
  };
}

function cities(): Example {
  const n = 10;
  const r = random(11);
  const points = Array.from({ length: n }, () => ({ x: 0.05 + 0.9 * r(), y: 0.05 + 0.9 * r() }));
  const distances = points.map((a) => points.map((b) => Math.round(1000 * Math.hypot(a.x - b.x, a.y - b.y))));
  return {
    name: `TSP: ${n} cities on a plane`,
    problem: { type: "tsp", distances },
    drawable: { kind: "tsp", points, edges: [] },
  };
}

export const EXAMPLES: Example[] = [maxcutExample(), petersen(), cities()];

/** The picture of an uploaded file: G-set / DIMACS edges on a circle, TSPLIB coordinates. */
export function drawableOf(type: string, text: string): Drawable {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (type === "maxcut" || type === "coloring") {
    const edges: [number, number][] = [];
    let n = 0;
    for (const line of lines) {
      const f = line.split(/\s+/);
      if (f[0] === "p" && f.length >= 3) {
        n = Number(f[2]);                                        // DIMACS: p edge n m
      } else if (f[0] === "e" && f.length >= 3) {
        edges.push([Number(f[1]) - 1, Number(f[2]) - 1]);        // DIMACS edges are 1-based
      } else if (/^\d/.test(f[0]) && f.length >= 2) {
        if (n === 0) {
          n = Number(f[0]);                                      // G-set header: n m
        } else {
          edges.push([Number(f[0]) - 1, Number(f[1]) - 1]);      // G-set edges are 1-based
        }
      }
    }
    return { kind: n > 0 && n <= 2000 ? (type as "maxcut" | "coloring") : "other", points: circle(n), edges };
  }
  if (type === "tsp") {
    const start = lines.findIndex((l) => l.startsWith("NODE_COORD_SECTION"));
    const coords: { x: number; y: number }[] = [];
    for (const line of start >= 0 ? lines.slice(start + 1) : []) {
      const f = line.split(/\s+/).map(Number);
      if (f.length < 3 || f.some(Number.isNaN)) break;
      coords.push({ x: f[1], y: f[2] });
    }
    if (coords.length === 0) {
      return { kind: "other", points: [], edges: [] };
    }
    const [xs, ys] = [coords.map((c) => c.x), coords.map((c) => c.y)];
    const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
    const span = Math.max(Math.max(...xs) - x0, Math.max(...ys) - y0) || 1;
    return { kind: "tsp", points: coords.map((c) => ({ x: 0.05 + (0.9 * (c.x - x0)) / span, y: 0.05 + (0.9 * (c.y - y0)) / span })), edges: [] };
  }
  return { kind: "other", points: [], edges: [] };
}
