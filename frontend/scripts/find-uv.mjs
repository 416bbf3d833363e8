/** Where uv is: $UV, else on PATH, else ~/.local/bin/uv (where `make uv` installs it). */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

export function findUv() {
  if (process.env.UV) return process.env.UV;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, "uv"))) return join(dir, "uv");
  }
  const local = join(homedir(), ".local", "bin", "uv");
  return existsSync(local) ? local : "uv";
}
