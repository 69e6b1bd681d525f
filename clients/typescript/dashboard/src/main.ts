/**
 * The dashboard's entry: sign in (a JWT or an API key, or none on a server with anonymous access),
 * then four views over one connection: server, channels, query, annealing. Views are built on first
 * visit and kept, so their subscriptions and charts live on while another view is shown.
 */
import { annealView } from "./anneal-view.js";
import { channelsView } from "./channels-view.js";
import { describeError, h } from "./dom.js";
import { queryView } from "./query-view.js";
import { serverView } from "./server-view.js";
import { signIn, type Session } from "./session.js";

const VIEWS: Record<string, { title: string; build: (s: Session) => HTMLElement }> = {
  server: { title: "Server", build: serverView },
  channels: { title: "Channels", build: channelsView },
  query: { title: "Query", build: queryView },
  anneal: { title: "Annealing", build: annealView },
};

const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;

function showSignIn(message = ""): void {
  const token = h("input", { id: "signin-token", type: "password", size: 50, placeholder: "JWT or API key", "aria-label": "token" });
  token.value = sessionStorage.getItem("nq.token") ?? "";
  const error = h("p", { class: "status", id: "signin-status" }, message);
  const go = async () => {
    error.textContent = "connecting…";
    try {
      const session = await signIn(token.value.trim() || undefined);
      sessionStorage.setItem("nq.token", token.value.trim());
      start(session);
    } catch (e) {
      error.textContent = describeError(e);
    }
  };
  const form = h("form", { id: "signin", onsubmit: (e: Event) => { e.preventDefault(); void go(); } },
    h("h2", {}, "Sign in"),
    h("p", {}, "A JWT or an API key, as for the WebSocket API; leave it empty on a server with anonymous access."),
    token, h("button", { type: "submit" }, "Sign in"), error);
  main.replaceChildren(form);
}

function start(session: Session): void {
  const built = new Map<string, HTMLElement>();
  const show = () => {
    const name = VIEWS[location.hash.slice(1)] ? location.hash.slice(1) : "server";
    if (!built.has(name)) {
      const view = VIEWS[name].build(session);
      built.set(name, view);
      main.append(view);
    }
    built.forEach((view, key) => (view.hidden = key !== name));
    nav.querySelectorAll("a").forEach((a) => a.classList.toggle("active", a.getAttribute("href") === `#${name}`));
  };
  main.replaceChildren();
  nav.replaceChildren(...Object.entries(VIEWS).map(([key, v]) => h("a", { href: `#${key}` }, v.title)),
    h("span", { id: "user" }, `signed in as ${session.user}`),
    h("button", { id: "signout", onclick: () => { sessionStorage.removeItem("nq.token"); session.ws.close(); location.hash = ""; location.reload(); } }, "Sign out"));
  session.ws.on("state", (e) => (document.body.dataset.connection = e.state));
  document.body.dataset.connection = session.ws.state;
  window.addEventListener("hashchange", show);
  show();
}

showSignIn();
