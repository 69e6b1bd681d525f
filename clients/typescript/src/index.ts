/**
 * NeuroQuantum WebSocket client: channels with recovery after reconnects, query streaming with
 * backpressure, typed events for every server message. ESM; its one dependency, `cborg` (pure JavaScript), is loaded
 * only when a query asks for `format: "cbor"`. In Node it uses the global WebSocket when there is one
 * and the `ws` package otherwise.
 */
import type {
  ClientInfo, ClientMessage, PresenceResultMessage, PublishedMessage, QueryOptions, RefreshedMessage, ServerMessage,
  ServerMessageOf, ServerMessageType, SubscriptionConfirmedMessage,
} from "./protocol.generated.js";

export type * from "./protocol.generated.js";
export { AnnealJobs, type JobsOptions } from "./jobs.js";
export type * from "./jobs.generated.js";

/** The part of a WebSocket this client needs (browser WebSocket, Node's global one, or `ws`). */
export interface WebSocketLike {
  readyState: number;
  /** Set to "arraybuffer" (browsers and Node's global WebSocket), so binary frames arrive as bytes. */
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface ReconnectOptions {
  /** First delay cap in ms (default 250). Each wait is uniform in [0, cap] ("full jitter"). */
  initialDelayMs?: number;
  /** Largest delay cap in ms (default 10 000). */
  maxDelayMs?: number;
  /** Growth of the cap per round of failed attempts over the URL list (default 2). */
  multiplier?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  maxAttempts?: number;
}

export interface ClientOptions {
  /** A JWT or API key, sent as `?token=` (browsers cannot set headers on a WebSocket). */
  authToken?: string;
  /**
   * Called before every (re)connect for a fresh token, and when the server warns that the
   * connection's token is about to expire (`token_expiring`): the new token is sent as `refresh`,
   * so the connection outlives its first token. Wins over `authToken`.
   */
  getToken?: () => string | Promise<string>;
  reconnect?: ReconnectOptions | false;
  /** Application-level ping interval in ms (default 15 000). */
  heartbeatIntervalMs?: number;
  /** Reconnect when nothing has been heard for this long in ms (default 45 000). */
  deadConnectionTimeoutMs?: number;
  /** How long a request waits for its reply in ms (default 10 000). */
  requestTimeoutMs?: number;
  /** Supplies WebSockets (tests, custom agents); default: global WebSocket or `ws`. */
  webSocketFactory?: WebSocketFactory;
  /**
   * Let the server put several messages in one frame (fewer frames for the server to write and for
   * you to parse): asked for with `set_batching` on every connect. Off by default.
   */
  batching?: BatchingOptions;
}

export interface BatchingOptions {
  /** `lines` (one JSON message per line, the default) or `array`. */
  format?: "lines" | "array";
  /** Most messages per frame (the server caps it; default: the server's cap). */
  maxMessages?: number;
  /** How long the server may hold a message to fill a frame, in ms (default 0: only what is ready at once). */
  maxDelayMs?: number;
}

export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";
export type SubscriptionState = "subscribing" | "subscribed" | "resubscribing" | "unsubscribed" | "failed";

/** Client-side events, next to the server message types. */
export interface ClientEvents {
  state: { state: ConnectionState; previous: ConnectionState };
  /** A reconnect is scheduled: to `url` (the next in the list), after `delayMs`; `code`/`reason` of the close. */
  reconnecting: { attempt: number; delayMs: number; url: string; code?: number; reason?: string };
  /** A subscription came back after a reconnect but the missed messages were gone: reload your state. */
  recovery_failed: { channel: string };
  /** Credentials were refused (handshake 401, close 4401/4403); the client stops reconnecting. */
  auth_error: { status?: number; code?: number; reason?: string };
  /**
   * An automatic refresh after `token_expiring` failed (getToken threw, or the server refused the
   * token); the connection runs until its token expires, then reconnects with a token from getToken.
   */
  refresh_failed: { error: Error };
  subscription_state: { channel: string; state: SubscriptionState };
}

type EventMap = { [T in ServerMessageType]: ServerMessageOf<T> } & ClientEvents;
type Handler<T> = (event: T) => void;

/** A failed request: the server's error code and message. */
export class NeuroQuantumError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "NeuroQuantumError";
  }
}

interface Pending {
  resolve: (msg: ServerMessage) => void;
  /** Runs as the reply is read, before frames read after it in the same turn are routed. */
  onReply?: (msg: ServerMessage) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface ChannelSubscription {
  channel: string;
  state: SubscriptionState;
  offset?: number;
  epoch?: string;
  onMessage?: (data: unknown, message: ServerMessage) => void;
}

export interface SubscribeOptions {
  /** For the original API: `subscribe('query_results', { query_id })` subscribes to `query:<id>`. */
  query_id?: string;
  /** Resume from a known position: exactly the messages after it arrive first. */
  since?: { offset: number; epoch: string };
  /** Called with each message's data. */
  onMessage?: (data: unknown, message: ServerMessage) => void;
}

export interface PublishOptions {
  /**
   * 1 to 128 characters, unique per message (a UUID): the server remembers it per channel for its
   * namespace's `idempotency_window_ms` (5 min by default) and forgets it when the channel's history
   * is lost (a new epoch).
   */
  idempotencyKey?: string;
}

export interface QueryStreamOptions extends QueryOptions {
  /**
   * How the rows travel: "json" (default) or "cbor", binary frames the client decodes (with `cborg`,
   * loaded on first use) into the same row arrays. CBOR spares the number text on both sides.
   */
  format?: "json" | "cbor";
  params?: unknown[];
  /** Buffered rows at which the server is asked to pause the stream (default 10 000). */
  highWaterMark?: number;
  /** Buffered rows at which a paused stream resumes (default highWaterMark / 4). */
  lowWaterMark?: number;
}

const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
/** The code this client closes a connection with when it replaces it (silence, a failed resubscription). */
const CLOSE_REPLACED = 4000;

/**
 * Failures of a resubscription that say nothing about the subscription itself: the connection
 * closed or did not answer (the client's own codes), or the server's channel store was unavailable
 * (e.g. while a cluster member leaves). The subscription is kept and restored on the next
 * connection; any other code (forbidden, unknown_namespace, ...) is the server refusing it for good.
 */
const PASSING_FAILURES = new Set(["disconnected", "not_connected", "timeout", "unavailable", "not_available"]);

export class NeuroQuantumWSClient {
  /** The server URLs, the one in use (or tried next) first; one that fails goes to the back. */
  private readonly order: string[];
  private ws?: WebSocketLike;
  private factory?: WebSocketFactory;
  private stateValue: ConnectionState = "idle";
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions = new Map<string, ChannelSubscription>();
  private readonly queries = new Map<string, QueryStream>();
  private cbor?: { decode(bytes: Uint8Array): unknown };
  private readonly listeners = new Map<string, Set<Handler<never>>>();
  private connecting?: Promise<void>;
  private connectWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private attempt = 0;
  private requestCounter = 0;
  private lastHeard = 0;
  private heartbeat?: ReturnType<typeof setInterval>;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private authRetried = false;
  private closedByUser = false;
  private handshakeStatus?: number;
  private token?: string;
  private expiresAtValue?: number;

  /**
   * @param urls one server URL (a single node, or a load balancer in front of several), or the URLs
   *   of several nodes of one cluster: the client connects to the first and, when a connection
   *   fails or ends (a node stopped or killed), moves on to the next one and recovers its
   *   subscriptions there.
   */
  constructor(urls: string | readonly string[], private readonly options: ClientOptions = {}) {
    this.order = typeof urls === "string" ? [urls] : [...urls];
    if (this.order.length === 0 || this.order.some((u) => typeof u !== "string" || u.length === 0)) {
      throw new NeuroQuantumError("invalid_url", "give at least one server URL, none of them empty");
    }
  }

  /** The server URL in use, or the one the next (re)connect tries. */
  get url(): string {
    return this.order[0];
  }

  /** Every server URL, in the order they will be tried: the one in use first. */
  get urls(): readonly string[] {
    return [...this.order];
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** When the connection's credentials expire (epoch ms, from the server); undefined if they do not. */
  get expiresAt(): number | undefined {
    return this.expiresAtValue;
  }

  /** Listens to a server message type or a client event; returns a function that stops listening. */
  on<K extends keyof EventMap>(type: K, handler: Handler<EventMap[K]>): () => void {
    let set = this.listeners.get(type as string);
    if (!set) {
      set = new Set();
      this.listeners.set(type as string, set);
    }
    set.add(handler as Handler<never>);
    return () => set!.delete(handler as Handler<never>);
  }

  /** Opens the connection (also done by the first operation that needs it). */
  connect(): Promise<void> {
    if (this.stateValue === "connected") {
      return Promise.resolve();
    }
    if (this.stateValue === "closed") {
      return Promise.reject(new NeuroQuantumError("closed", "the client is closed"));
    }
    if (!this.connecting) {
      this.connecting = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
      if (this.stateValue === "idle") {
        void this.open();
      }
    }
    return this.connecting;
  }

  /** Subscribes to a channel; resolves with the confirmation (rejects with the subscription error). */
  async subscribe(channel: string, options: SubscribeOptions = {}): Promise<SubscriptionConfirmedMessage> {
    const name = channel === "query_results" && options.query_id ? `query:${options.query_id}` : channel;
    const sub: ChannelSubscription = { channel: name, state: "subscribing", onMessage: options.onMessage };
    if (options.since) {
      sub.offset = options.since.offset;
      sub.epoch = options.since.epoch;
    }
    this.subscriptions.set(name, sub);
    this.emit("subscription_state", { channel: name, state: "subscribing" });
    await this.connect();
    return this.sendSubscribe(sub);
  }

  async unsubscribe(channel: string): Promise<void> {
    const sub = this.subscriptions.get(channel);
    this.subscriptions.delete(channel);
    if (sub) {
      this.setSubState(sub, "unsubscribed");
    }
    if (this.stateValue === "connected") {
      await this.request({ type: "unsubscribe", channel });
    }
  }

  /**
   * Publishes to a channel; resolves with the offset the message got. With `idempotencyKey`, a
   * retry (after an error or a reconnect, to any node) is answered with the first publish's offset
   * and `duplicate: true` instead of being published twice.
   */
  async publish(channel: string, data: unknown, options: PublishOptions = {}): Promise<PublishedMessage> {
    await this.connect();
    const key = options.idempotencyKey;
    return (await this.request({ type: "publish", channel, data, ...(key !== undefined ? { idempotency_key: key } : {}) })) as
      PublishedMessage;
  }

  /**
   * Who is subscribed to a channel, on every node: one entry per connection with its user and the
   * `info` claim of its token. Only for namespaces with `presence` (otherwise it rejects with
   * `presence_disabled`). With `join_leave`, `on("join", …)` and `on("leave", …)` hear the changes
   * (at most once: after a reconnect, ask again).
   */
  async presence(channel: string): Promise<ClientInfo[]> {
    await this.connect();
    return ((await this.request({ type: "presence", channel })) as PresenceResultMessage).clients;
  }

  /** Round trip in ms. */
  async ping(): Promise<number> {
    await this.connect();
    const start = Date.now();
    await this.request({ type: "ping", timestamp: start });
    return Date.now() - start;
  }

  /**
   * Runs SQL and returns its rows as an async iterator (each row an array in column order). When the
   * consumer falls behind by `highWaterMark` rows the server is told to pause, so the database
   * cursor waits; it resumes once the consumer catches up.
   */
  executeQuery(sql: string, options: QueryStreamOptions = {}): QueryStream {
    return new QueryStream(this, sql, options);
  }

  /**
   * Hands the open connection new credentials before its current ones expire: `token`, or one from
   * `getToken`. The server checks them and answers `refreshed` (with the new `expires_at`); they must
   * be for the same user with the same roles. Another user's token makes the server close the
   * connection (4403). The token is also used for later reconnects when there is no `getToken`.
   */
  async refresh(token?: string): Promise<RefreshedMessage> {
    const fresh = token ?? (this.options.getToken ? await this.options.getToken() : undefined);
    if (!fresh) {
      throw new NeuroQuantumError("no_token", "refresh needs a token (or the getToken option)");
    }
    await this.connect();
    const reply = (await this.request({ type: "refresh", token: fresh })) as RefreshedMessage;
    this.token = fresh;
    this.expiresAtValue = reply.expires_at;
    return reply;
  }

  async cancelQuery(queryId: string): Promise<void> {
    await this.connect();
    this.send({ type: "cancel_query", query_id: queryId });
  }

  /** Closes for good: no reconnect. */
  close(): void {
    this.closedByUser = true;
    this.stopTimers();
    this.ws?.close(1000, "client closed");
    this.failPending(new NeuroQuantumError("closed", "the client was closed"));
    this.setState("closed");
  }

  // ---- internals used by QueryStream ----------------------------------------------------------

  /** @internal */
  send(message: ClientMessage): void {
    if (!this.ws || this.ws.readyState !== 1) {
      throw new NeuroQuantumError("not_connected", "the connection is not open");
    }
    this.ws.send(JSON.stringify(message));
  }

  /** @internal Sends a message with a request_id and resolves with the reply that echoes it. */
  request(message: ClientMessage, onReply?: (msg: ServerMessage) => void): Promise<ServerMessage> {
    const id = `c${++this.requestCounter}`;
    return new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new NeuroQuantumError("timeout", `no reply to ${message.type} within ${this.requestTimeout()} ms`));
      }, this.requestTimeout());
      this.pending.set(id, { resolve, reject, timer, onReply });
      try {
        this.send({ ...message, request_id: id } as ClientMessage);
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(e as Error);
      }
    });
  }

  /** @internal */
  registerQuery(queryId: string, stream: QueryStream): void {
    this.queries.set(queryId, stream);
  }

  /** @internal */
  forgetQuery(queryId: string, channel?: string): void {
    this.queries.delete(queryId);
    if (channel) {
      this.subscriptions.delete(channel);
    }
  }

  // ---- connection state machine ---------------------------------------------------------------

  private requestTimeout(): number {
    return this.options.requestTimeoutMs ?? 10_000;
  }

  private async open(): Promise<void> {
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let token: string | undefined;
    try {
      this.factory ??= this.options.webSocketFactory ?? (await defaultFactory());
      token = this.options.getToken ? await this.options.getToken() : this.token ?? this.options.authToken;
    } catch (e) {
      this.onClosed(1006, String(e));
      return;
    }
    const base = this.url;
    const url = token ? `${base}${base.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}` : base;
    this.handshakeStatus = undefined;
    const ws = this.factory(url);
    (ws as unknown as { __onHandshakeStatus?: (s: number) => void }).__onHandshakeStatus = (s) => {
      this.handshakeStatus = s;
    };
    this.ws = ws;
    ws.binaryType = "arraybuffer";
    ws.onmessage = (ev) => {
      if (this.ws !== ws) {
        return;   // a replaced connection may still be delivering what it had buffered
      }
      if (typeof ev.data === "string") {
        this.onText(ev.data);
      } else {
        this.onBinary(ev.data);
      }
    };
    ws.onclose = (ev) => {
      if (this.ws === ws) {
        this.onClosed(ev.code, ev.reason);
      }
    };
    ws.onerror = () => {
      /* a close event follows */
    };
  }

  private onText(text: string): void {
    this.lastHeard = Date.now();
    // One frame is one message, or (after set_batching) several: a JSON array, or one per line.
    if (text.charCodeAt(0) === 91 /* [ */) {
      let batch: unknown;
      try {
        batch = JSON.parse(text);
      } catch {
        return;
      }
      for (const m of batch as ServerMessage[]) {
        this.onMessage(m);
      }
      return;
    }
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      this.onLine(text.slice(start, end));
      start = end + 1;
    }
    this.onLine(start === 0 ? text : text.slice(start));
  }

  /**
   * A binary frame: a CBOR map with the fields of the JSON frame it stands for (a query's
   * `query_batch` or `query_row` in format "cbor"). The decoder is loaded before such a query starts.
   */
  private onBinary(data: unknown): void {
    this.lastHeard = Date.now();
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : undefined;
    if (!bytes || !this.cbor) {
      return;   // not asked for: nothing this client can read
    }
    let msg: ServerMessage;
    try {
      msg = this.cbor.decode(bytes) as ServerMessage;
    } catch {
      return;
    }
    this.onMessage(msg);
  }

  /** @internal Loads the CBOR decoder (once) before a query asks for binary frames. */
  async loadCbor(): Promise<void> {
    if (!this.cbor) {
      const { decode } = await import("cborg");
      // maps with text keys as plain objects, as JSON.parse gives them (integers beyond 2^53, which
      // JSON.parse would round, come as BigInt)
      this.cbor ??= { decode: (bytes: Uint8Array) => decode(bytes) };
    }
  }

  private onLine(line: string): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(line) as ServerMessage;
    } catch {
      return;
    }
    this.onMessage(msg);
  }

  private onMessage(msg: ServerMessage): void {
    if (msg.type === "connected") {
      this.expiresAtValue = msg.expires_at;
      this.onConnected();
    } else if (msg.type === "token_expiring" && this.options.getToken) {
      this.refresh().catch((error: Error) => this.emit("refresh_failed", { error }));
    }
    const requestId = (msg as { request_id?: string }).request_id;
    if (requestId && this.pending.has(requestId)) {
      const p = this.pending.get(requestId)!;
      this.pending.delete(requestId);
      clearTimeout(p.timer);
      if (msg.type === "error") {
        p.reject(new NeuroQuantumError(msg.code, msg.message));
      } else if (msg.type === "subscription_error" || msg.type === "query_error") {
        p.reject(new NeuroQuantumError(msg.error.code, msg.error.message));
      } else {
        p.onReply?.(msg);
        p.resolve(msg);
      }
    }
    this.route(msg);
    this.emit(msg.type, msg as never);
  }

  /** Keeps subscription positions and hands channel traffic to its subscription or query stream. */
  private route(msg: ServerMessage): void {
    const withChannel = msg as { channel?: string; offset?: number; epoch?: string };
    if (withChannel.channel && withChannel.offset !== undefined) {
      const sub = this.subscriptions.get(withChannel.channel);
      if (sub && (sub.offset === undefined || withChannel.offset > sub.offset)) {
        sub.offset = withChannel.offset;
        sub.epoch = withChannel.epoch;
      }
      if (msg.type === "message") {
        sub?.onMessage?.(msg.data, msg);
      }
    }
    const queryId = (msg as { query_id?: string }).query_id;
    if (queryId && msg.type.startsWith("query_")) {
      this.queries.get(queryId)?.handle(msg);
    }
  }

  private onConnected(): void {
    this.attempt = 0;
    this.authRetried = false;
    this.setState("connected");
    this.startTimers();
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    this.connecting = undefined;
    waiters.forEach((w) => w.resolve());
    const batching = this.options.batching;
    if (batching) {
      this.send({
        type: "set_batching",
        format: batching.format ?? "lines",
        ...(batching.maxMessages !== undefined ? { max_messages: batching.maxMessages } : {}),
        ...(batching.maxDelayMs !== undefined ? { max_delay_ms: batching.maxDelayMs } : {}),
      });
    }
    for (const sub of this.subscriptions.values()) {
      if (sub.state === "subscribed" || sub.state === "resubscribing") {
        this.resubscribe(sub);
      }
    }
  }

  /**
   * Restores a subscription on a new connection, from its last position. When that fails for a
   * passing reason (see PASSING_FAILURES) the subscription is kept and this connection is replaced:
   * a node that cannot serve it is treated like one that failed, and the next connection (the next
   * URL) restores every subscription again.
   */
  private resubscribe(sub: ChannelSubscription): void {
    const ws = this.ws;
    this.setSubState(sub, "resubscribing");
    this.sendSubscribe(sub, true).catch((e: NeuroQuantumError) => {
      if (PASSING_FAILURES.has(e.code) && this.subscriptions.get(sub.channel) === sub && ws) {
        this.replaceConnection(ws, `resubscribing to ${sub.channel} failed (${e.code})`);
      }
    });
  }

  /**
   * @param restoring a resubscription after a reconnect: a passing failure keeps the subscription
   *   (a first subscribe's failure goes to its caller, and the subscription is dropped)
   */
  private async sendSubscribe(sub: ChannelSubscription, restoring = false): Promise<SubscriptionConfirmedMessage> {
    const since = sub.offset !== undefined && sub.epoch ? { offset: sub.offset, epoch: sub.epoch } : undefined;
    try {
      const reply = (await this.request({ type: "subscribe", channel: sub.channel, ...(since ? { since } : {}) })) as
        SubscriptionConfirmedMessage;
      if (since && reply.recovered === false) {
        this.emit("recovery_failed", { channel: sub.channel });
      }
      sub.offset = reply.offset;
      sub.epoch = reply.epoch;
      this.setSubState(sub, "subscribed");
      return reply;
    } catch (e) {
      if (restoring && PASSING_FAILURES.has((e as NeuroQuantumError).code)) {
        throw e;
      }
      if (this.subscriptions.get(sub.channel) === sub) {
        this.subscriptions.delete(sub.channel);
        this.setSubState(sub, "failed");
      }
      throw e;
    }
  }

  private onClosed(code: number, reason: string): void {
    this.stopTimers();
    this.ws = undefined;
    this.failPending(new NeuroQuantumError("disconnected", `connection closed (${code}${reason ? `: ${reason}` : ""})`));
    for (const q of [...this.queries.values()]) {
      q.fail(new NeuroQuantumError("disconnected", "the connection closed during the query"));
    }
    if (this.closedByUser) {
      this.setState("closed");
      return;
    }
    const authFailure = this.handshakeStatus === 401 || this.handshakeStatus === 403
      || code === CLOSE_UNAUTHORIZED || code === CLOSE_FORBIDDEN;
    if (authFailure && (this.authRetried || !this.options.getToken)) {
      this.emit("auth_error", { status: this.handshakeStatus, code, reason });
      this.giveUp(new NeuroQuantumError("unauthorized", `credentials refused (${this.handshakeStatus ?? code})`));
      return;
    }
    if (authFailure) {
      this.authRetried = true;   // one more try with a fresh token from getToken
    }
    const rc = this.options.reconnect === false ? undefined : this.options.reconnect ?? {};
    if (!rc || (rc.maxAttempts !== undefined && this.attempt >= rc.maxAttempts)) {
      this.giveUp(new NeuroQuantumError("disconnected", `connection closed (${code})`));
      return;
    }
    // The URL that just failed goes to the back: the next attempt tries another node. The cap grows
    // once per round over the list, so a dead node costs one short wait, not a long one.
    this.order.push(this.order.shift()!);
    const round = Math.floor(this.attempt / this.order.length);
    const cap = Math.min(rc.maxDelayMs ?? 10_000, (rc.initialDelayMs ?? 250) * Math.pow(rc.multiplier ?? 2, round));
    const delay = Math.random() * cap;   // full jitter: a node's clients do not all arrive at once elsewhere
    this.attempt++;
    this.setState("reconnecting");
    this.emit("reconnecting", { attempt: this.attempt, delayMs: delay, url: this.url, code, reason });
    this.reconnectTimer = setTimeout(() => void this.open(), delay);
  }

  /** Gives up on an open connection the client no longer trusts; reconnects like after any failure. */
  private replaceConnection(ws: WebSocketLike, reason: string): void {
    if (this.ws !== ws) {
      return;   // already gone or replaced
    }
    ws.close(CLOSE_REPLACED, reason);
    this.onClosed(CLOSE_REPLACED, reason);   // its own close event is ignored: it is no longer this.ws
  }

  private giveUp(error: Error): void {
    this.setState("closed");
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    this.connecting = undefined;
    waiters.forEach((w) => w.reject(error));
  }

  private failPending(error: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }

  private startTimers(): void {
    this.stopTimers();
    this.lastHeard = Date.now();
    const interval = this.options.heartbeatIntervalMs ?? 15_000;
    const dead = this.options.deadConnectionTimeoutMs ?? 45_000;
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > dead) {
        if (this.ws) {
          this.replaceConnection(this.ws, "no heartbeat");
        }
        return;
      }
      try {
        this.send({ type: "ping", timestamp: Date.now() });
      } catch {
        /* closing */
      }
    }, interval);
  }

  private stopTimers(): void {
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
    }
  }

  private setState(state: ConnectionState): void {
    if (state !== this.stateValue) {
      const previous = this.stateValue;
      this.stateValue = state;
      this.emit("state", { state, previous });
    }
  }

  private setSubState(sub: ChannelSubscription, state: SubscriptionState): void {
    sub.state = state;
    this.emit("subscription_state", { channel: sub.channel, state });
  }

  private emit<K extends keyof EventMap>(type: K, event: EventMap[K]): void {
    const set = this.listeners.get(type as string);
    if (set) {
      for (const h of [...set]) {
        (h as Handler<EventMap[K]>)(event);
      }
    }
  }
}

/**
 * The rows of one query, as an async iterator. Pausing and resuming the server-side stream follows
 * how far behind the consumer is; `cancel()` stops the query in the database.
 */
export class QueryStream implements AsyncIterableIterator<unknown[]> {
  queryId?: string;
  channel?: string;
  columns?: string[];
  totalRows?: number;
  private readonly buffer: unknown[][] = [];
  private waiter?: { resolve: (r: IteratorResult<unknown[]>) => void; reject: (e: Error) => void };
  private finished = false;
  private error?: Error;
  private paused = false;
  private pauseCount = 0;
  private maxBuffered = 0;
  private readonly high: number;
  private readonly low: number;
  private readonly started: Promise<void>;

  constructor(private readonly client: NeuroQuantumWSClient, sql: string, options: QueryStreamOptions) {
    this.high = options.highWaterMark ?? 10_000;
    this.low = options.lowWaterMark ?? Math.floor(this.high / 4);
    const { params, highWaterMark: _h, lowWaterMark: _l, ...queryOptions } = options;
    this.started = this.start(sql, params, queryOptions);
    this.started.catch((e) => this.fail(e as Error));
  }

  private async start(sql: string, params: unknown[] | undefined, options: QueryOptions): Promise<void> {
    if (options.format === "cbor") {
      await this.client.loadCbor();
    }
    await this.client.connect();
    // registered as the reply is read: the query's first frames may come in the same network read,
    // and are routed before an await after request() would resume
    await this.client.request({
      type: "execute_query", query: sql, ...(params ? { params } : {}), options,
    }, (reply) => {
      this.channel = (reply as SubscriptionConfirmedMessage).channel;
      this.queryId = this.channel.slice("query:".length);
      this.client.registerQuery(this.queryId, this);
    });
  }

  /** @internal */
  handle(msg: ServerMessage): void {
    switch (msg.type) {
      case "query_started":
        this.columns = msg.columns;
        break;
      case "query_batch":
        for (const row of msg.rows as unknown[][]) {
          this.push(row);
        }
        break;
      case "query_row":
        this.push(msg.row as unknown[]);
        break;
      case "query_completed":
        this.totalRows = msg.total_rows;
        this.end();
        break;
      case "query_error":
        this.fail(new NeuroQuantumError(msg.error.code, msg.error.message));
        break;
      default:
        break;
    }
  }

  private push(row: unknown[]): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: row, done: false });
      return;
    }
    this.buffer.push(row);
    this.maxBuffered = Math.max(this.maxBuffered, this.buffer.length);
    if (!this.paused && this.buffer.length >= this.high && this.channel) {
      this.paused = true;
      this.pauseCount++;
      this.trySend({ type: "pause_stream", channel: this.channel });
    }
  }

  private end(): void {
    this.finished = true;
    this.release();
    if (this.waiter && this.buffer.length === 0) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }

  /** @internal */
  fail(error: Error): void {
    if (this.finished) {
      return;
    }
    this.error = error;
    this.finished = true;
    this.release();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(error);
    }
  }

  private release(): void {
    if (this.queryId) {
      this.client.forgetQuery(this.queryId, this.channel);
    }
  }

  next(): Promise<IteratorResult<unknown[]>> {
    if (this.buffer.length > 0) {
      const row = this.buffer.shift()!;
      if (this.paused && this.buffer.length <= this.low && this.channel) {
        this.paused = false;
        this.trySend({ type: "resume_stream", channel: this.channel });
      }
      return Promise.resolve({ value: row, done: false });
    }
    if (this.error) {
      return Promise.reject(this.error);
    }
    if (this.finished) {
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stopping the iteration early (break) cancels the query. */
  async return(): Promise<IteratorResult<unknown[]>> {
    if (!this.finished) {
      await this.cancel();
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<unknown[]> {
    return this;
  }

  /** Stops the query in the database; the iteration ends with a `cancelled` error. */
  async cancel(): Promise<void> {
    await this.started.catch(() => undefined);
    if (this.queryId && !this.finished) {
      await this.client.cancelQuery(this.queryId);
    }
  }

  /** Rows buffered on the client, waiting for the consumer. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** How often the consumer fell behind and the server was asked to pause, and the deepest buffer. */
  get backpressure(): { pauses: number; maxBuffered: number } {
    return { pauses: this.pauseCount, maxBuffered: this.maxBuffered };
  }

  private trySend(message: ClientMessage): void {
    try {
      this.client.send(message);
    } catch {
      /* the connection is gone; the stream fails through the close */
    }
  }
}

/** The global WebSocket (browsers, Node 22+) or the `ws` package (Node 20). */
async function defaultFactory(): Promise<WebSocketFactory> {
  const Global = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (typeof Global === "function") {
    return (url) => new Global(url);
  }
  const mod = (await import("ws")) as unknown as { default: new (url: string) => WebSocketLike & NodeWs };
  const Ws = mod.default;
  return (url) => {
    const ws = new Ws(url);
    // `ws` tells the handshake's HTTP status; the browser API does not.
    ws.on("unexpected-response", (req: { destroy(): void }, res: { statusCode: number }) => {
      (ws as unknown as { __onHandshakeStatus?: (s: number) => void }).__onHandshakeStatus?.(res.statusCode);
      req.destroy();
      ws.onclose?.({ code: 1006, reason: `handshake rejected: ${res.statusCode}` });
    });
    return ws;
  };
}

interface NodeWs {
  on(event: "unexpected-response", listener: (req: { destroy(): void }, res: { statusCode: number }) => void): void;
}
