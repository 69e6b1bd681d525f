// What every script shares: where the server is, the credentials, and reading its frames.
// Environment: NQ_URL (ws://localhost:8080/ws), NQ_HTTP (http://localhost:8080), NQ_TOKEN (a JWT or
// API key; empty for a server with NQ_AUTH_ANONYMOUS=true).
export const WS_URL: string = __ENV.NQ_URL || "ws://localhost:8080/ws";
export const HTTP_URL: string = __ENV.NQ_HTTP || "http://localhost:8080";
export const TOKEN: string = __ENV.NQ_TOKEN || "";

/** The WebSocket URL with the token as `?token=` (as browsers send it). */
export function wsUrl(): string {
  return TOKEN ? `${WS_URL}?token=${encodeURIComponent(TOKEN)}` : WS_URL;
}

/** REST headers with the token as a bearer (a JWT or an API key). */
export function headers(): Record<string, string> {
  const h: Record<string, string> = { "content-type": "application/json" };
  if (TOKEN) {
    h.authorization = `Bearer ${TOKEN}`;
  }
  return h;
}

export interface Frame {
  type: string;
  channel?: string;
  offset?: number;
  epoch?: string;
  data?: { sent_at?: number; [key: string]: unknown };
  rows?: unknown[][];
  total_rows?: number;
  error?: { code: string; message: string };
  [key: string]: unknown;
}

/** A text frame is one JSON message, or several separated by newlines when batching is on. */
export function frames(text: string): Frame[] {
  return text.split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l) as Frame);
}
