// Generated from the server's OpenAPI document (src/main/resources/openapi.json) by
// scripts/generate-jobs-types.mjs (npm run generate). Do not edit: regenerate instead.

/** A job; its size, work (spin updates), solver memory, time limit and workers are bounded by anneal.* (docs/anneal-jobs.md) */
export interface JobRequest {
  /** {type: maxcut|coloring|tsp|qubo|ising|independent_set|vertex_cover|clique|max2sat|number_partitioning|knapsack|jobshop|portfolio, format?, data, instance_name?, horizon?, feasibility_only?, assets?, risk_aversion?} (a file's text), or JSON: qubo {num_variables, terms [[i,j,q]], offset}, ising {h, j [[i,j,J]]}, maxcut/coloring {graph {nodes, edges [[u,v,w]]}, colors?}, independent_set/vertex_cover/clique {graph {nodes, edges [[u,v]]}}, tsp {distances}, max2sat {clauses [[1,-2],[2]], num_variables?, weights?}, number_partitioning {numbers}, knapsack {capacity, weights, values}, jobshop {jobs [[[machine,duration]]], horizon, feasibility_only? (true: energy 0 is any schedule ending by the horizon; docs/annealing.md)}, portfolio {returns, covariance, assets, risk_aversion}; cqm {variables [{name, vartype BINARY|INTEGER, lower_bound?, upper_bound}], discrete? [{label, variables [names]}], objective {sense? minimize|maximize, linear {name: bias}, quadratic [[u,v,bias]], offset?}, constraints? [{label?, linear, quadratic?, sense <=|>=|==, rhs, penalty_weight?}]} or {type: cqm, format: lp, data}; hubo {num_variables?, terms [[[i,j,k,...], coefficient]], offset?} or {type: hubo, format: text, data} (docs/anneal-jobs.md: the QUBO a cqm or hubo becomes is estimated and held to anneal.* before it is built) */
  problem: Record<string, unknown>;
  /** {type: sa|sqa|pt|exact|tfim-exact, seed, time_limit_ms (default and maximum anneal.max_time_limit_ms), sweeps, reads; pt: replicas, ladder, cluster_moves, exchange_interval, workers; sqa: slices; sa and sqa: starts, parallel_runs, convergence_threshold, convergence_window, adaptive_cooling (sa), tunnelling_strength and coherence_time (sqa), workers (at most anneal.max_workers)} */
  solver?: Record<string, unknown>;
  backend?: "simulated";
}

/** The 202 answer to POST /api/v1/anneal/jobs */
export interface JobSubmitted {
  job_id: string;
  /** anneal:<job_id> */
  channel: string;
  websocket_url: string;
}

export interface Job {
  job_id: string;
  /** anneal:<job_id>; progress and the result are published there */
  channel: string;
  owner: string;
  status: "queued" | "running" | "completed" | "cancelled" | "failed" | "interrupted";
  problem_type: string;
  solver: string;
  /** the node that runs it (its cluster member id) */
  node?: string | null;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
  best_energy?: number | null;
  error?: string;
  /** as solve --json: energy, objective, feasible, solution, timing, stats */
  result?: Record<string, unknown>;
}

/** GET /api/v1/anneal/jobs: the caller's jobs, newest first, without full results */
export interface JobList {
  jobs: Job[];
}

/** DELETE /api/v1/anneal/jobs/{id} */
export interface JobCancelled {
  job_id: string;
  cancelled: boolean;
  /** the status of a job that had already ended (cancelled: false) */
  status?: string;
}

/** On anneal:<job_id>: the job left the queue */
export interface JobStartedEvent {
  type: "started";
  job_id: string;
  solver: string;
}

/** On anneal:<job_id>: at most one per anneal.progress_interval_ms */
export interface JobProgressEvent {
  type: "progress";
  job_id: string;
  sweeps_done: number;
  total_sweeps: number;
  best_energy: number | null;
  elapsed_ms: number;
  /** pt only: the acceptance of swaps per neighbouring pair of temperatures so far */
  swap_acceptance?: number[];
  /** pt only: replicas' round trips between the coldest and hottest temperature so far */
  round_trips?: number;
}

/** On anneal:<job_id>: the last event, once the job has ended */
export interface JobResultEvent {
  type: "result";
  job_id: string;
  status: "completed" | "cancelled" | "failed" | "interrupted";
  best_energy: number | null;
  /** as solve --json: energy, objective, feasible, solution, timing, stats */
  result?: Record<string, unknown>;
  error?: string;
}

export interface ApiError {
  error: { code: string; message: string };
}

/** What `anneal:<job_id>` carries, in order: started, progress…, result. */
export type JobEvent = JobStartedEvent | JobProgressEvent | JobResultEvent;
