// Builds the dashboard into a folder the server jar serves at / (Maven passes
// target/classes/webroot): the dashboard and the client sources it imports compiled by tsc to
// plain ES modules (no bundler, no CDN), its page and stylesheet, and assets.txt, the list of files
// the gateway loads (a jar's folders cannot be listed).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const out = path.resolve(process.argv[2] ?? path.join(ROOT, "dashboard/build"));
fs.rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(ROOT, "dashboard/tsconfig.json"),
  "--outDir", out], { stdio: "inherit" });
for (const file of ["index.html", "style.css"]) {
  fs.copyFileSync(path.join(ROOT, "dashboard", file), path.join(out, file));
}
const files = fs.readdirSync(out, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(out, f)).isFile())
  .map((f) => f.split(path.sep).join("/")).sort();
fs.writeFileSync(path.join(out, "assets.txt"), files.join("\n") + "\n");
console.log(`dashboard: ${files.length} files in ${out}`);
