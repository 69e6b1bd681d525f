/**
 * Annealing: submit a job (an example or an uploaded file, a solver and its parameters), watch the
 * best energy against sweeps live (and PT's swap acceptance per pair and round trips), then see the
 * answer drawn. Everything goes through the client's jobs API (REST + `anneal:<job_id>`).
 */
import type { JobRequest } from "../../src/index.js";
import type { Session } from "./session.js";
import { BarChart, LineChart } from "./chart.js";
import { drawAnswer } from "./answer.js";
import { describeError, h } from "./dom.js";
import { EXAMPLES, drawableOf, type Drawable } from "./examples.js";

const SOLVER_DEFAULTS: Record<string, object> = {
  pt: { seed: 1, sweeps: 20000 },
  sa: { seed: 1, sweeps: 20000, reads: 8 },
  sqa: { seed: 1, sweeps: 2000, slices: 16 },
};

export function annealView(session: Session): HTMLElement {
  const example = h("select", { id: "anneal-example" },
    ...EXAMPLES.map((e, i) => h("option", { value: i }, e.name)), h("option", { value: "file" }, "an uploaded file…"));
  const file = h("input", { type: "file", id: "anneal-file" });
  const fileType = h("select", { id: "anneal-file-type" },
    ...["maxcut", "coloring", "tsp", "qubo", "ising"].map((t) => h("option", { value: t }, t)));
  const colors = h("input", { id: "anneal-colors", type: "number", value: 3, min: 1, size: 4, "aria-label": "colours" });
  const solver = h("select", { id: "anneal-solver" }, ...Object.keys(SOLVER_DEFAULTS).map((t) => h("option", { value: t }, t)));
  const params = h("textarea", { id: "anneal-params", rows: 2, cols: 50, "aria-label": "solver parameters (JSON)" });
  params.value = JSON.stringify(SOLVER_DEFAULTS.pt);
  solver.addEventListener("change", () => (params.value = JSON.stringify(SOLVER_DEFAULTS[solver.value])));
  const submit = h("button", { id: "anneal-submit" }, "Submit");
  const cancel = h("button", { id: "anneal-cancel", disabled: true }, "Cancel");
  const status = h("p", { class: "status", id: "anneal-status" }, "no job yet");
  const energy = new LineChart("best energy vs sweeps", { maxPoints: 2000 });
  const swaps = new BarChart("PT swap acceptance per neighbouring pair");
  const answer = h("div", { id: "anneal-answer" });
  let jobId: string | undefined;

  const request = async (): Promise<{ body: JobRequest; drawable: Drawable }> => {
    let solverParams: Record<string, unknown>;
    try {
      solverParams = JSON.parse(params.value || "{}");
    } catch {
      throw new Error("the solver parameters must be a JSON object");
    }
    const solverPart = { type: solver.value, ...solverParams };
    if (example.value !== "file") {
      const chosen = EXAMPLES[Number(example.value)];
      return { body: { problem: chosen.problem, solver: solverPart }, drawable: chosen.drawable };
    }
    const upload = file.files?.[0];
    if (!upload) {
      throw new Error("choose a file to upload");
    }
    const text = await upload.text();
    const problem: Record<string, unknown> = { type: fileType.value, data: text };
    if (fileType.value === "coloring") {
      problem.colors = Number(colors.value);
    }
    return { body: { problem, solver: solverPart }, drawable: drawableOf(fileType.value, text) };
  };

  const run = async () => {
    submit.disabled = true;
    energy.clear();
    swaps.show([]);
    answer.replaceChildren();
    status.dataset.state = "submitting";
    try {
      const { body, drawable } = await request();
      const submitted = await session.jobs.submit(body);
      jobId = submitted.job_id;
      cancel.disabled = false;
      status.dataset.state = "queued";
      status.textContent = `job ${jobId} queued`;
      for await (const event of session.jobs.follow(jobId)) {
        if (event.type === "started") {
          status.dataset.state = "running";
          status.textContent = `job ${jobId} running (${event.solver})`;
        } else if (event.type === "progress") {
          energy.add("best energy", event.sweeps_done, event.best_energy ?? NaN);
          energy.render();
          if (event.swap_acceptance) {
            swaps.show(event.swap_acceptance);
          }
          status.textContent = `job ${jobId}: ${event.sweeps_done} of ${event.total_sweeps} sweeps, best energy `
            + `${event.best_energy}${event.round_trips !== undefined ? `, ${event.round_trips} round trips` : ""}`;
        } else {
          status.dataset.state = event.status;
          status.textContent = `job ${jobId} ${event.status}: best energy ${event.best_energy}`
            + (event.error ? ` (${event.error})` : "");
          const objective = (event.result as { objective?: Record<string, unknown> } | undefined)?.objective;
          if (objective) {
            answer.replaceChildren(drawAnswer(drawable, objective));
          }
        }
      }
    } catch (e) {
      status.dataset.state = "error";
      status.textContent = describeError(e);
    } finally {
      submit.disabled = false;
      cancel.disabled = true;
    }
  };

  submit.addEventListener("click", () => void run());
  cancel.addEventListener("click", () => {
    if (jobId) {
      session.jobs.cancel(jobId).catch((e) => (status.textContent = describeError(e)));
    }
  });
  return h("section", { id: "view-anneal" }, h("h2", {}, "Annealing"),
    h("div", { class: "row" }, h("label", {}, "problem ", example), h("label", {}, "file ", file),
      h("label", {}, "type ", fileType), h("label", {}, "colours ", colors)),
    h("div", { class: "row" }, h("label", {}, "solver ", solver), params, submit, cancel),
    status, h("div", { class: "grid" }, energy.element, swaps.element, answer));
}
