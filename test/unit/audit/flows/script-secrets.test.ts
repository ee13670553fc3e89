import assert from "node:assert/strict";
import { scanJsonata, scanScript } from "../../../../src/audit/flows/script-secrets";
import { KIND, requestCompareKind } from "../../../../src/audit/flows/secret-words";

const PW = "Sunflower-Garden-77";
const HEADER = requestCompareKind("header", "authorization");

describe("home-made logins in function code", () => {
  it("finds the raw Authorization header compared with a fixed password, however it is spelled", () => {
    for (const code of [
      `if (msg.req.headers.authorization !== "${PW}") { msg.statusCode = 401; return [null, msg]; }\nreturn [msg, null];`,
      `if (msg.req.headers.authorization === "${PW}") return msg;`,
      `if (msg.req.headers.authorization == '${PW}') return msg;`,
      `if ("${PW}" != msg.req.headers["authorization"]) return null;`,
      `if (msg.req.headers?.authorization === \`${PW}\`) return msg;`,
      `if ((msg.req.headers.authorization || "").trim() === "${PW}") return msg;`,
      `if (msg.req.headers.authorization.includes("${PW}")) return msg;`,
      `if (msg.req.headers.authorization.startsWith("Sunflower-")) return msg;`,
      `if (msg.req.headers.authorization.endsWith("Garden-77")) return msg;`,
      `if (msg.req.headers.authorization.indexOf("${PW}") >= 0) return msg;`,
      `if (/^${PW}$/.test(msg.req.headers.authorization)) return msg;`,
      `switch (msg.req.headers.authorization) {\n  case "${PW}":\n    return msg;\n  default:\n    return null;\n}`,
      `if (msg.req.get("Authorization") === "${PW}") return msg;`,
      // Through local variables and destructuring.
      `const auth = msg.req.headers.authorization || "";\nif (auth !== "${PW}") return null;\nreturn msg;`,
      `const { authorization } = msg.req.headers;\nif (authorization !== "${PW}") return null;`,
      `const { authorization: given = "" } = msg.req.headers;\nif (given !== "${PW}") return null;`,
      `const h = msg.req.headers\nlet a = h.authorization\nif (a != "${PW}") return null`,
    ]) {
      assert.deepEqual(scanScript(code), [HEADER], code);
    }
  });

  it("finds query, body, cookie, route parameter and API-key header checks", () => {
    const cases: [string, string][] = [
      [`if (msg.req.query.token === "abc123") return msg;`, requestCompareKind("query", "token")],
      [`if (msg.req.body.password !== "hunter2") return null;`, requestCompareKind("body", "password")],
      [`if (msg.req.cookies.session === "s3ss10n-fixed") return msg;`, requestCompareKind("cookie", "session")],
      [`if (msg.req.params.key === "K3y-for-door") return msg;`, requestCompareKind("param", "key")],
      [`if (msg.req.headers["x-api-key"] !== "k-123456") return null;`, requestCompareKind("header", "x-api-key")],
      [`if (msg.req.header("X-Api-Key") !== "k-123456") return null;`, requestCompareKind("header", "x-api-key")],
      [
        `const { "x-api-key": key } = msg.req.headers;\nif (key !== "k-123456") return null;`,
        requestCompareKind("header", "x-api-key"),
      ],
      // Any header or parameter compared with a string that looks like a generated password.
      [`if (msg.req.headers["x-door"] === "Tr0ub4dor&3") return msg;`, requestCompareKind("header", "x-door")],
      [`if (msg.req.query.q === "Zq8-Lm2-Xr5") return msg;`, requestCompareKind("query", "q")],
    ];
    for (const [code, kind] of cases) assert.deepEqual(scanScript(code), [kind], code);
  });

  it("finds a decoded Basic header checked against fixed credentials", () => {
    const code = [
      `const [user, pass] = Buffer.from(msg.req.headers.authorization.split(" ")[1], "base64").toString().split(":");`,
      `if (user === "admin" && pass === "hunter2") return msg;`,
    ].join("\n");
    assert.deepEqual(scanScript(code), [HEADER]);
  });

  it("finds lookup tables of passwords and lists of allowed tokens", () => {
    for (const code of [
      `const users = { anna: "Tulpe-2024", bob: "pw" };\nconst { user, password } = msg.req.body;\nif (users[user] !== password) return null;`,
      `const users = { anna: { password: "Tulpe-2024" } };\nconst u = msg.req.body.user, p = msg.req.body.pass;\nif (users[u] && users[u].password === p) return msg;`,
      `const tokens = { "abc123def456": "anna" };\nconst who = tokens[msg.req.query.token];\nif (!who) return null;`,
      `const tokens = { "abc123def456": "anna" };\nif (!tokens.hasOwnProperty(msg.req.query.token)) return null;`,
      `const tokens = { "abc123def456": "anna" };\nif (!(msg.req.query.token in tokens)) return null;`,
      `const allowed = ["tok-1a2b3c4d", "tok-5e6f7g8h"];\nif (!allowed.includes(msg.req.query.token)) return null;`,
      `const allowed = new Set(["tok-1a2b3c4d"]);\nif (!allowed.has(msg.req.headers["x-api-key"])) return null;`,
      `if (["tok-1a2b3c4d", "tok-5e6f7g8h"].indexOf(msg.req.query.token) < 0) return null;`,
    ]) {
      assert.ok(scanScript(code).includes(KIND.table), code);
    }
  });

  it("reads the payload as request data only when the node gets messages from outside", () => {
    const code = `if (msg.payload === "${PW}") return msg;`;
    assert.deepEqual(scanScript(code), []);
    assert.deepEqual(scanScript(code, { fromOutside: true }), [requestCompareKind("payload", undefined)]);
    // A secret-named payload field is a login wherever the message comes from.
    assert.deepEqual(scanScript(`if (msg.payload.password === "1234") return msg;`), [KIND.compare]);
    assert.deepEqual(scanScript(`if (msg.payload === "on") return msg;`, { fromOutside: true }), []);
  });

  it("leaves alone comparisons with no written-in secret", () => {
    for (const code of [
      `if (msg.req.headers.authorization !== env.get("PASS")) return null;`,
      `if (msg.req.headers.authorization !== "Basic " + env.get("BASIC")) return null;`,
      `if (msg.req.query.token !== flow.get("token")) return null;`,
      `if (msg.req.query.token !== global.get("tokens").door) return null;`,
      `if (msg.req.headers.authorization !== node.credentials.password) return null;`,
      `const expected = env.get("API_KEY");\nif (msg.req.headers["x-api-key"] !== expected) return null;`,
      `if (msg.req.headers.authorization === "") return null;`,
      `if (!msg.req.headers.authorization || !msg.req.headers.authorization.startsWith("Basic ")) return null;`,
      `if (msg.req.headers.authorization.split(" ")[0] !== "Bearer") return null;`,
      `if (msg.req.headers["content-type"] === "application/json") return msg;`,
      `if (msg.req.headers["user-agent"].includes("Mozilla/5.0")) return msg;`,
      `if (msg.req.method === "GET") return msg;`,
      `if (msg.req.query.mode === "on" || msg.req.query.state === "off") return msg;`,
      `if (msg.req.query.format === "advanced") return msg;`,
      `if (msg.req.query.sensor === "sensor12") return msg;`,
      `const users = { anna: "Anna-Schmidt-1" };\nif (users[msg.topic] === msg.displayName) return msg;`,
      `if (msg.req.headers.host === "MyHost-01.local") return msg;`,
      `if (msg.req.headers["x-forwarded-for"] === "10.0.0.1") return msg;`,
      `if (msg.req.query.device === "ESP32-Kitchen") return msg;`,
      `if (msg.req.params.id === "Device-01X") return msg;`,
      `if (msg.payload.deviceId === "ESP32-Kitchen") return msg;`,
      `if (typeof msg.req.query.token === "string") return msg;`,
      `if (msg.req.query.token === undefined) return null;`,
      `if (msg.req.query.t === msg.payload.x) return msg;`,
      // Words in comments and strings are not code.
      `// if (msg.req.headers.authorization !== "${PW}") return null;\nreturn msg;`,
      `/* switch (msg.req.query.token) { case "abc123": } */ return msg;`,
      `const help = 'if (msg.req.headers.authorization !== "${PW}")'; return msg;`,
      `const re = /msg.req.headers.authorization === "x"/; return msg;`,
    ]) {
      assert.deepEqual(scanScript(code, { fromOutside: true }), [], code);
    }
  });

  it("still finds fixed secrets set in code, Authorization headers and keys in strings", () => {
    assert.deepEqual(scanScript(`const password = "letmein";`), [KIND.assign]);
    assert.deepEqual(scanScript(`msg.headers = { "x-api-key": 'k-123456' };`), [KIND.assign]);
    assert.deepEqual(scanScript(`msg.headers["x-api-key"] = "k-123456";`), [KIND.assign]);
    assert.deepEqual(scanScript(`msg.headers = { Authorization: "Basic dXNlcjpwYXNzd29yZA==" };`), [KIND.header]);
    assert.deepEqual(scanScript(`const id = "AKIAABCDEFGHIJKLMNOP";`), [KIND.aws]);
    assert.deepEqual(scanScript(`msg.url = "http://admin:Cam3ra2024@192.168.1.64/snapshot.jpg";`), [KIND.urlPassword]);
    // A URL with only a user name, or an env placeholder for the password, holds no password.
    assert.deepEqual(scanScript(`msg.url = "http://admin@192.168.1.64/snapshot.jpg";`), []);
    assert.deepEqual(scanScript(`msg.url = "https://192.168.1.64/snapshot.jpg";`), []);
  });

  it("never throws on broken code, and reads only the first 200,000 characters", () => {
    for (const code of [
      "if (msg.req.headers.authorization ===",
      "`${",
      "}}}))]]",
      "/",
      "'",
      "switch (",
      "a = {",
      "x in",
    ]) {
      assert.doesNotThrow(() => scanScript(code, { fromOutside: true }), code);
    }
    const late = `${"x = 1;\n".repeat(40_000)}if (msg.req.query.token === "abc123") return msg;`;
    assert.deepEqual(scanScript(late), []);
  });
});

describe("home-made logins in JSONata", () => {
  it("finds request data compared with a fixed string", () => {
    assert.deepEqual(scanJsonata(`req.headers.authorization = "${PW}"`), [HEADER]);
    assert.deepEqual(scanJsonata(`$$.req.headers.\`x-api-key\` != 'k-123456'`), [
      requestCompareKind("header", "x-api-key"),
    ]);
    assert.deepEqual(scanJsonata(`$contains(req.query.token, "abc123")`), [requestCompareKind("query", "token")]);
    assert.deepEqual(scanJsonata(`req.query.token in ["tok-1a2b3c4d", "tok-5e6f7g8h"]`), [KIND.table]);
  });

  it("leaves alone comparisons with the environment or with ordinary words", () => {
    assert.deepEqual(scanJsonata(`req.headers.authorization = $env("PASS")`), []);
    assert.deepEqual(scanJsonata(`req.query.mode = "on" ? "yes" : "no"`), []);
    assert.deepEqual(scanJsonata(`payload.temperature > 20`), []);
  });
});
