// Every configuration error a gate or a users list shows as the auth gate's status has words in the
// node's catalogue, and the English ones say exactly what its message (the log's line) says.
import assert from "node:assert/strict";
import { GateConfigError, PATH_NAMES, type PathName, normalisePath } from "../../../src/auth/gate-paths";
import { UserDirectory } from "../../../src/auth/users";
import { type GateOptions, resolveGateOptions } from "../../../src/gate/gate-options";
import { translator } from "../../../src/i18n/catalog";
import { WordedError } from "../../../src/shared/worded-error";
import { usersController } from "../../../src/nodes/users-controller";

function thrown(work: () => unknown): WordedError {
  try {
    work();
  } catch (err) {
    assert.ok(err instanceof WordedError, String(err));
    return err;
  }
  assert.fail("nothing was thrown");
}

const gate = (options: Partial<GateOptions>): (() => unknown) => {
  return () =>
    resolveGateOptions({
      method: "both",
      realm: "",
      title: "",
      scope: "/app",
      loginPath: "",
      logoutPath: "",
      roles: [],
      ...options,
    } as GateOptions);
};

function everyWordedError(): WordedError[] {
  const errors = [
    ...(Object.keys(PATH_NAMES) as PathName[]).map((what) => thrown(() => normalisePath("no-slash", what))),
    thrown(gate({ method: "digest" as GateOptions["method"] })),
    thrown(gate({ cookiePath: "/elsewhere" })),
    thrown(gate({ loginPath: "/login" })),
    thrown(gate({ loginPath: "/app/x", logoutPath: "/app/x" })),
    thrown(() => new UserDirectory([{ username: "", roles: [], enabled: true }])),
    thrown(
      () =>
        new UserDirectory([
          { username: "twin", roles: [], enabled: true },
          { username: "twin", roles: [], enabled: true },
        ]),
    ),
    thrown(() => new UserDirectory([{ username: "ann", roles: [], enabled: true, hash: "plain" }])),
  ];
  const controller = usersController("worded-redis", {
    nodes: { getCredentials: () => undefined, addCredentials: () => undefined },
    log: { info() {}, warn() {}, error() {}, debug() {} },
  });
  const quiet = { log() {}, warn() {}, error() {} };
  const redis = controller.deploy({ id: "worded-redis", type: "auth-users", store: "redis" }, {}, quiet);
  assert.ok(redis instanceof WordedError);
  controller.remove();
  return [...errors, redis];
}

describe("configuration errors in the node's words (src/shared/worded-error)", () => {
  it("has an English text for each that says what its message says", () => {
    const english = translator("auth-gate.json", "en-US", "nodes/locales");
    const errors = everyWordedError();
    assert.ok(errors.some((e) => e instanceof GateConfigError));
    for (const err of errors) {
      const params: Record<string, string> = { ...err.params };
      if (params.what !== undefined) params.what = english({ key: `auth-gate.problem.what.${params.what}` });
      assert.equal(english({ key: `auth-gate.problem.${err.key}`, params }), err.message);
    }
  });

  it("has German and Japanese texts for each, with the same placeholders", () => {
    const errors = everyWordedError();
    for (const lang of ["de", "ja"] as const) {
      const say = translator("auth-gate.json", lang, "nodes/locales");
      for (const err of errors) {
        const key = `auth-gate.problem.${err.key}`;
        const text = say({ key, params: err.params });
        assert.notEqual(text, err.message, `${lang}: ${key} is not translated`);
        for (const value of Object.values(err.params)) {
          if (err.key !== "badPath" || value !== err.params.what) assert.ok(text.includes(value), `${lang}: ${key}`);
        }
      }
    }
  });
});
