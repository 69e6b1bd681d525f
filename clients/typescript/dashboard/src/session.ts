/** The signed-in connection every view shares: one WebSocket client and the jobs API over it. */
import { AnnealJobs, NeuroQuantumWSClient } from "../../src/index.js";

export interface Session {
  ws: NeuroQuantumWSClient;
  jobs: AnnealJobs;
  /** The user the server authenticated (from `connected`). */
  user: string;
}

/**
 * Opens the dashboard's connection with a JWT or an API key (or none, for a server with anonymous
 * access) to this page's own server. Rejects with the server's reason when it refuses.
 */
export async function signIn(token: string | undefined): Promise<Session> {
  // A browser's WebSocket does not tell a refused handshake from a network failure (the client would
  // keep reconnecting), so the credentials are checked over REST first, where the 401 carries the reason.
  const check = await fetch("/api/v1/anneal/jobs", { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (check.status === 401) {
    const body = await check.json().catch(() => ({})) as { error?: { message?: string } };
    throw new Error(`sign-in refused: ${body.error?.message ?? "unauthorized"}`);
  }
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  const ws = new NeuroQuantumWSClient(url, { authToken: token, reconnect: { maxDelayMs: 5000 } });
  let user = "";
  ws.on("connected", (m) => (user = m.user));
  let refused: string | undefined;
  ws.on("auth_error", (e) => (refused = e.reason ?? `refused (${e.status ?? e.code})`));
  try {
    await ws.connect();
  } catch (e) {
    ws.close();
    throw new Error(refused ? `sign-in refused: ${refused}` : String((e as Error).message ?? e));
  }
  return { ws, jobs: new AnnealJobs(ws, { baseUrl: location.origin, token }), user };
}
