/**
 * A virtualised table: only the rows in view are in the DOM, so a million streamed rows cost an
 * array, not a million elements. Rows have a fixed height; the spacer gives the scrollbar its size.
 */
import { h } from "./dom.js";

const ROW_PX = 22;

export class VirtualTable {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly header: HTMLElement;
  private rows: unknown[][] = [];
  private scheduled = false;

  constructor() {
    this.header = h("div", { class: "vt-row vt-head" });
    this.spacer = h("div", { class: "vt-spacer" });
    this.body = h("div", { class: "vt-body" });
    this.element = h("div", { class: "vt", id: "query-table", onscroll: () => this.schedule() },
      this.header, h("div", { class: "vt-scroll" }, this.spacer, this.body));
  }

  reset(columns: string[]): void {
    this.rows = [];
    this.header.replaceChildren(...columns.map((c) => h("span", {}, c)));
    this.element.scrollTop = 0;
    this.schedule();
  }

  /** Takes the rows; the table draws on the next frame, however many arrive before it. */
  append(rows: unknown[][]): void {
    for (const row of rows) {
      this.rows.push(row);
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => {
        this.scheduled = false;
        this.draw();
      });
    }
  }

  private draw(): void {
    this.spacer.style.height = `${this.rows.length * ROW_PX}px`;
    const first = Math.floor(this.element.scrollTop / ROW_PX);
    const count = Math.ceil(this.element.clientHeight / ROW_PX) + 2;
    const visible = this.rows.slice(first, first + count);
    this.body.style.transform = `translateY(${first * ROW_PX}px)`;
    this.body.replaceChildren(...visible.map((row) =>
      h("div", { class: "vt-row" }, ...row.map((v) => h("span", {}, v === null ? "NULL" : String(v))))));
    this.element.dataset.rows = String(this.rows.length);
  }
}
