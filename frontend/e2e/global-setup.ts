/**
 * Starts the real stack for the end-to-end run and returns its teardown:
 * 1. a fresh database with a unique name on the PostgreSQL server of TEST_DATABASE_URL
 *    (default postgresql://postgres@127.0.0.1:5432/postgres), created with psql;
 * 2. `uv run estoca-mock up` from the repository root on a free port, in dev-auth mode (no OIDC settings);
 * 3. the built UI (`next start`, building first when .next is missing) on another free port, API_URL
 *    pointing at the API.
 * E2E_BASE_URL tells the tests where the UI is.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findUv } from "../scripts/find-uv.mjs";

const frontend = fileURLToPath(new URL("..", import.meta.url));
const repo = resolve(frontend, "..");
const logs = join(frontend, "test-results", "logs");

/**
 * `count` distinct free ports. The listeners stay open until every port is known: the API binds its port
 * only seconds later (uv, imports), and a port closed early could be handed out again to the UI.
 */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((ok, fail) => {
          const server = createServer();
          server.once("error", fail);
          server.listen(0, "127.0.0.1", () => ok(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (typeof address !== "object" || !address) throw new Error("no port");
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

async function waitFor(url: string, what: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}; see ${logs}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s (${last}); see ${logs}`);
}

function start(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  const out = createWriteStream(join(logs, `${name}.log`));
  // Its own process group, so teardown stops the whole tree (uv -> python, node -> workers).
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      done();
    }, 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      clearTimeout(timer);
      done();
    }
  });
}

function psql(serverUrl: string, sql: string): void {
  execFileSync("psql", [serverUrl, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], { stdio: "pipe" });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(logs, { recursive: true });
  const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbName = `estoca_e2e_${Date.now()}_${process.pid}`;
  psql(serverUrl, `CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;

  const children: ChildProcess[] = [];
  const teardown = async () => {
    for (const child of children.reverse()) await stop(child);
    try {
      psql(serverUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    } catch (error) {
      console.warn(`could not drop ${dbName}: ${(error as Error).message}`);
    }
  };

  try {
    const [apiPort, uiPort] = await freePorts(2);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const apiEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl.toString(), ESTOCA_PUBLIC_URL: apiUrl };
    // Dev-auth mode needs no OIDC client; make sure none leaks in from the caller's environment.
    for (const key of Object.keys(apiEnv)) if (key.startsWith("API_OIDC")) delete apiEnv[key];
    const uv: string = findUv();
    const api = start("api", uv, ["run", "estoca-mock", "up", "--host", "127.0.0.1", "--port", String(apiPort)], repo, apiEnv);
    children.push(api);

    if (!existsSync(join(frontend, ".next", "BUILD_ID"))) {
      execFileSync("node", ["node_modules/next/dist/bin/next", "build"], { cwd: frontend, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    }
    const ui = start("ui", "node", ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(uiPort)], frontend, {
      ...process.env,
      API_URL: apiUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    });
    children.push(ui);

    await waitFor(`${apiUrl}/api/readyz`, "estoca-mock up", api, 120_000);
    await waitFor(`http://127.0.0.1:${uiPort}/login`, "next start", ui, 60_000);
    process.env.E2E_BASE_URL = `http://127.0.0.1:${uiPort}`;
    process.env.E2E_API_URL = apiUrl;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
