// The flows under examples/ (Import → Examples) import into a real Node-RED and do what they say.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../support/cli";
import { deploy, setPasswords } from "../support/deploy";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";
import { DASHBOARD_MODULES, closedWithin, connectWs } from "../support/dashboards";
import { logIn, sessionCookie } from "../support/login";
import request from "supertest";

const PASSWORD = "Orchard-Lantern-58";
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

function example(name: string): { id: string; type: string }[] {
  return JSON.parse(readFileSync(join(ROOT, "examples", `${name}.json`), "utf8")) as { id: string; type: string }[];
}

describe("examples", function () {
  this.timeout(90_000);
  let red: RunningNodeRed;

  before(async () => {
    red = await startNodeRed({ modules: DASHBOARD_MODULES });
    const flows = readdirSync(join(ROOT, "examples"))
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => example(f.replace(/\.json$/, "")));
    await deploy(red, flows);
    await setPasswords(red, "ex1-users", { "ex1-users-u1": PASSWORD });
    await setPasswords(red, "ex2-users", { "ex2-users-u1": PASSWORD });
    await setPasswords(red, "ex3-users", { "ex3-users-u1": PASSWORD });
    await setPasswords(red, "ex4-users", { "ex4-users-u1": PASSWORD });
    await deploy(red, flows, ["ex1-users", "ex2-users", "ex3-users", "ex4-users"]);
  });
  after(async () => {
    await red.stop();
  });

  it("use every node type of the package, and are listed by Node-RED", async () => {
    const types = new Set(
      readdirSync(join(ROOT, "examples")).flatMap((f) => example(f.replace(/\.json$/, "")).map((n) => n.type)),
    );
    assert.ok(types.has("auth-gate") && types.has("auth-users"));
    const listed = (await (await fetch(`${red.url}/library/examples/flows/node-red-contrib-security`)).json()) as {
      fn: string;
    }[];
    assert.deepEqual(
      listed.map((e) => e.fn),
      [
        "01 - Protect an API endpoint",
        "02 - Protect a page with a login form",
        "03 - Protect a dashboard and its websocket",
        "04 - Replace an insecure function-node login",
        "05 - Add a logout button to Dashboard 2",
      ],
    );
  });

  it("protect an API endpoint with Basic", async () => {
    const anon = await fetch(`${red.url}/api/temperature`);
    assert.equal(anon.status, 401);
    assert.equal(anon.headers.get("www-authenticate"), 'Basic realm="Thermostat API", charset="UTF-8"');
    const ok = await fetch(`${red.url}/api/temperature`, { headers: { Authorization: basic("admin", PASSWORD) } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { celsius: 21.5, readBy: "admin" });
  });

  it("protect a page with a login form", async () => {
    const res = await fetch(`${red.url}/home`, { headers: { Accept: "text/html" }, redirect: "manual" });
    assert.equal(res.status, 401);
    assert.match(await res.text(), /action="\/home\/login"/);
    const page = await fetch(`${red.url}/home/login`);
    assert.match(await page.text(), /<title>Our home<\/title>/);
  });

  it("show the insecure function-node login next to its replacement", async () => {
    assert.equal((await fetch(`${red.url}/insecure/status?password=secret123`)).status, 200);
    const refused = await fetch(`${red.url}/secure/status`, { headers: { Accept: "application/json" } });
    assert.equal(refused.status, 401);
    assert.equal(await refused.text(), "no credentials", "the flow's own refusal answered");
    const ok = await fetch(`${red.url}/secure/status`, { headers: { Authorization: basic("admin", PASSWORD) } });
    assert.deepEqual(await ok.json(), { heating: "on" });
    // The example says so in its comment: the insecure half lowers the grade until it is deleted.
    const info = example("04 - Replace an insecure function-node login").find((n) => n.id === "ex3-bad") as
      { info?: string } | undefined;
    assert.match(info?.info ?? "", /insecure on purpose.*NRS-FLOW-003.*grade stays lower/s);
    const report = (await (await fetch(`${red.url}/security/posture`)).json()) as {
      findings: { id: string; severity: string; penalty: number; nodes?: { id: string }[] }[];
    };
    const flagged = report.findings.find((f) => f.id === "NRS-FLOW-003");
    assert.ok(flagged, "the insecure example is not reported");
    assert.equal(flagged.severity, "high");
    assert.ok(flagged.penalty > 0, "the insecure example took nothing off the grade");
    assert.ok(
      flagged.nodes?.some((n) => n.id === "ex3-bad-fn"),
      JSON.stringify(flagged),
    );
  });

  it("protect a dashboard and its websocket", async () => {
    // Dashboard 2 is not part of the example: any dashboard at /dashboard is behind the gate.
    const page = await fetch(`${red.url}/dashboard/`, { headers: { Accept: "text/html" }, redirect: "manual" });
    assert.equal(page.status, 401);
    assert.match(await page.text(), /name="next" value="\/dashboard\/"/);
    const wsUrl = `${red.url.replace("http", "ws")}/ws/heating`;
    assert.equal((await connectWs(wsUrl)).status, 401);

    const device = await connectWs(wsUrl, { Authorization: basic("anna", PASSWORD) });
    assert.ok(device.open && device.ws, "a device with the right password was refused");
    const reading = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no reading within 7 s")), 7000);
      device.ws?.once("message", (data: Buffer) => {
        clearTimeout(timer);
        resolve(data.toString());
      });
    });
    assert.match(reading, /^\{"celsius":\d+(\.\d)?\}$/);
    device.ws.terminate();

    const cookie = sessionCookie(await logIn(request(red.url), "/ws/login", "anna", PASSWORD, "/ws/"));
    const browser = await connectWs(wsUrl, { Cookie: cookie });
    assert.ok(browser.open && browser.ws);
    await request(red.url).get("/ws/logout").set("Cookie", cookie).expect(200);
    assert.equal(await closedWithin(browser.ws), true, "logout left the websocket open");
  });
});
