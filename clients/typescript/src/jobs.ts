/**
 * The annealing jobs API: submit over REST, follow `anneal:<job_id>` over the WebSocket as an async
 * iterator, cancel, read the result. REST answers and channel events have the types generated from
 * the server's OpenAPI document (jobs.generated.ts).
 */
import type {
  ApiError, Job, JobCancelled, JobEvent, JobList, JobRequest, JobResultEvent, JobSubmitted,
} from "./jobs.generated.js";
import { NeuroQuantumError, type NeuroQuantumWSClient } from "./index.js";

export type * from "./jobs.generated.js";

export interface JobsOptions {
  /** The server's HTTP base, e.g. `http://localhost:8080` (default: the WebSocket client's URL with http(s)). */
  baseUrl?: string;
  /** A JWT or API key, sent as `Authorization: Bearer` (the server accepts either there). */
  token?: string;
  /** Supplies a token per request (wins over `token`). */
  getToken?: () => string | Promise<string>;
  /** fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** Statuses after which a job never changes again. */
const ENDED = new Set(["completed", "cancelled", "failed", "interrupted"]);

export class AnnealJobs {
  private readonly baseUrl: string;

  /** `ws` is the connection progress is followed on; it should carry the same credentials. */
  constructor(private readonly ws: NeuroQuantumWSClient, private readonly options: JobsOptions = {}) {
    this.baseUrl = (options.baseUrl ?? ws.url.replace(/^ws/, "http").replace(/\/ws$/, "")).replace(/\/$/, "");
  }

  /** `POST /api/v1/anneal/jobs`: 202 with the job's id and channel, or a NeuroQuantumError (code, reason). */
  submit(request: JobRequest): Promise<JobSubmitted> {
    return this.call<JobSubmitted>("POST", "/api/v1/anneal/jobs", request);
  }

  /** The job's record, `result` included once it has ended. */
  get(jobId: string): Promise<Job> {
    return this.call<Job>("GET", `/api/v1/anneal/jobs/${encodeURIComponent(jobId)}`);
  }

  /** The caller's jobs, newest first, without results. */
  async list(): Promise<Job[]> {
    return (await this.call<JobList>("GET", "/api/v1/anneal/jobs")).jobs;
  }

  /** Stops a queued or running job; it keeps its best answer so far (`cancelled: false` if it had ended). */
  cancel(jobId: string): Promise<JobCancelled> {
    return this.call<JobCancelled>("DELETE", `/api/v1/anneal/jobs/${encodeURIComponent(jobId)}`);
  }

  /**
   * The job's events as they are published: `started`, `progress`…, and last `result`, after which
   * the iteration ends (and the channel is unsubscribed; so does a `break`). Progress published
   * before the subscription is not replayed; a job that ended before it yields one `result` built
   * from its record, so the iteration always ends with the answer.
   */
  follow(jobId: string): AsyncIterableIterator<JobEvent> {
    return new JobFollower(this, this.ws, jobId);
  }

  /** Waits for the job to end and answers its `result` event. */
  async result(jobId: string): Promise<JobResultEvent> {
    for await (const event of this.follow(jobId)) {
      if (event.type === "result") {
        return event;
      }
    }
    throw new NeuroQuantumError("no_result", `job ${jobId} ended without a result`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const token = this.options.getToken ? await this.options.getToken() : this.options.token;
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers["content-type"] = "application/json";
    }
    const response = await (this.options.fetch ?? fetch)(this.baseUrl + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new NeuroQuantumError("http_" + response.status, text || response.statusText);
    }
    if (!response.ok) {
      const error = (json as Partial<ApiError>).error;
      throw new NeuroQuantumError(error?.code ?? "http_" + response.status, error?.message ?? text);
    }
    return json as T;
  }
}

/** One follow(): the channel's events queued for the iterator, ended by the first `result`. */
class JobFollower implements AsyncIterableIterator<JobEvent> {
  private readonly queue: JobEvent[] = [];
  private waiter?: { resolve: (r: IteratorResult<JobEvent>) => void; reject: (e: Error) => void };
  private error?: Error;
  private ended = false;      // a result has been queued: nothing more is taken
  private closed = false;     // the iteration is over
  private readonly channel: string;

  constructor(private readonly jobs: AnnealJobs, private readonly ws: NeuroQuantumWSClient, jobId: string) {
    this.channel = `anneal:${jobId}`;
    this.start(jobId).catch((e: Error) => this.fail(e));
  }

  private async start(jobId: string): Promise<void> {
    await this.ws.subscribe(this.channel, { onMessage: (data) => this.take(data as JobEvent) });
    // subscribed: whatever is published from now on arrives; a job that ended before that is read from its record
    const job = await this.jobs.get(jobId);
    if (ENDED.has(job.status)) {
      this.take({
        type: "result", job_id: jobId, status: job.status as JobResultEvent["status"], best_energy: job.best_energy ?? null,
        ...(job.result ? { result: job.result } : {}), ...(job.error ? { error: job.error } : {}),
      });
    }
  }

  private take(event: JobEvent): void {
    if (this.ended) {
      return;
    }
    this.ended = event.type === "result";
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: event, done: false });
    } else {
      this.queue.push(event);
    }
    if (this.ended) {
      void this.ws.unsubscribe(this.channel).catch(() => undefined);
    }
  }

  private fail(error: Error): void {
    this.error = error;
    this.ended = true;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(error);
    }
  }

  next(): Promise<IteratorResult<JobEvent>> {
    if (this.queue.length > 0) {
      return Promise.resolve({ value: this.queue.shift()!, done: false });
    }
    if (this.error) {
      return Promise.reject(this.error);
    }
    if (this.ended || this.closed) {
      this.closed = true;
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  async return(): Promise<IteratorResult<JobEvent>> {
    this.closed = true;
    if (!this.ended) {
      this.ended = true;
      await this.ws.unsubscribe(this.channel).catch(() => undefined);
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<JobEvent> {
    return this;
  }
}
