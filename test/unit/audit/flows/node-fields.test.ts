import assert from "node:assert/strict";
import { scanFields } from "../../../../src/audit/flows/node-fields";
import { KIND, plainEnvKind, plainFieldKind, urlFieldKind } from "../../../../src/audit/flows/secret-words";

describe("credentials in the settings of any node", () => {
  it("finds a user name and password in the URL of each kind of node that takes one", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: "h", type: "http request", url: "http://admin:Cam3ra2024@192.168.1.64/snapshot.jpg" }, "url"],
      [{ id: "m", type: "mqtt-broker", broker: "mqtt://iot:Br0ker-pw@broker.example.com", port: "1883" }, "broker"],
      [{ id: "w", type: "websocket-client", path: "wss://feed:p4ssw0rd@ws.example.com/feed" }, "path"],
      [{ id: "t", type: "tcp request", server: "telnet://admin:admin1@10.0.0.2", port: "23" }, "server"],
      [{ id: "e", type: "e-mail", server: "smtps://me%40example.com:Mail-Pw-1@smtp.example.com" }, "server"],
      [
        { id: "p", type: "postgreSQLConfig", connectionString: "postgres://app:Pg-Pass-1@db:5432/shop" },
        "connectionString",
      ],
      [{ id: "g", type: "mongodb4-client", uri: "mongodb+srv://app:S3cret@cluster0.example.net/db" }, "uri"],
      [{ id: "r", type: "redis-config", options: { url: "redis://:R3dis-pw@cache:6379/0" } }, "options"],
      [{ id: "c", type: "comment", info: "Camera: http://admin:Cam3ra2024@192.168.1.64/" }, "info"],
    ];
    for (const [node, field] of cases) assert.deepEqual(scanFields(node), [urlFieldKind(field)], String(node.type));
  });

  it("leaves alone URLs without a password: no user info, only a user name, a placeholder, an env variable", () => {
    for (const url of [
      "https://192.168.1.64/snapshot.jpg",
      "http://admin@192.168.1.64/snapshot.jpg",
      "http://admin:@192.168.1.64/snapshot.jpg",
      "http://{{user}}:{{password}}@192.168.1.64/snapshot.jpg",
      "${CAMERA_URL}",
      "mqtt://broker.example.com:1883",
    ]) {
      assert.deepEqual(scanFields({ id: "h", type: "http request", url }), [], url);
    }
  });

  it("finds a password typed into a plain field of a database or service config node", () => {
    assert.deepEqual(scanFields({ id: "db", type: "MySQLdatabase", host: "db", user: "root", password: "r00t-pw" }), [
      plainFieldKind("password"),
    ]);
    assert.deepEqual(scanFields({ id: "s", type: "some-service", apiKey: "sk_live_1234567890" }), [
      plainFieldKind("apiKey"),
    ]);
  });

  it("leaves alone fields that name where a secret is, empty fields and masks", () => {
    for (const node of [
      { id: "db", type: "postgreSQLConfig", password: "PG_PASS", passwordFieldType: "env" },
      { id: "e", type: "e-mail", token: "oauth2Response.access_token" },
      { id: "db", type: "MySQLdatabase", password: "" },
      { id: "db", type: "MySQLdatabase", password: "********" },
      { id: "ui", type: "ui_text_input", mode: "password", label: "Password" },
      { id: "b", type: "mqtt-broker", broker: "broker.example.com", sessionExpiry: "" },
      // The credentials object is Node-RED's encrypted store, not a plain field.
      { id: "h", type: "http request", url: "https://cam", credentials: { user: "admin", password: "Cam3ra2024" } },
    ]) {
      assert.deepEqual(scanFields(node), [], JSON.stringify(node));
    }
  });

  it("finds inject nodes and http request headers that carry a fixed secret", () => {
    assert.deepEqual(scanFields({ id: "i", type: "inject", props: [{ p: "token", v: "abcd1234", vt: "str" }] }), [
      KIND.assign,
    ]);
    assert.deepEqual(scanFields({ id: "i", type: "inject", props: [{ p: "token", v: "TOKEN", vt: "env" }] }), []);
    const header = (
      keyType: string,
      keyValue: string,
      valueValue: string,
      valueType = "other",
    ): Record<string, unknown> => ({
      id: "r",
      type: "http request",
      url: "https://api.example.com",
      headers: [{ keyType, keyValue, valueType, valueValue }],
    });
    assert.deepEqual(scanFields(header("other", "X-Api-Key", "k-12345678")), [KIND.assign]);
    assert.deepEqual(scanFields(header("Authorization", "", "Bearer abcdefgh1234")), [KIND.header]);
    assert.deepEqual(scanFields(header("other", "X-Api-Key", "API_KEY", "env")), []);
    assert.deepEqual(scanFields(header("Accept", "", "application/json")), []);
  });

  it("finds secret-named environment variables typed in as plain strings on tabs, subflows and global-config", () => {
    const env = (type: string, value: string): Record<string, unknown> => ({
      id: "g",
      type: "global-config",
      env: [
        { name: "API_KEY", type, value },
        { name: "ROOM", type: "str", value: "Kitchen-2nd-Floor" },
      ],
    });
    assert.deepEqual(scanFields(env("str", "k-12345678")), [plainEnvKind("API_KEY")]);
    assert.deepEqual(scanFields(env("cred", "")), []);
    assert.deepEqual(scanFields(env("env", "OTHER_VAR")), []);
  });

  it("does not read the code fields that the code readers go through", () => {
    const fn = { id: "f", type: "function", func: `const password = "letmein";` };
    assert.deepEqual(scanFields(fn), []);
  });
});
