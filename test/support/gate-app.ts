// An auth gate on a bare Express app, wired the way the gate dispatcher wires it: the gate's own
// routes first, then its guard over /app, then a route that shows who got in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import { AuthGate } from "../../src/gate/auth-gate";
import type { GateOptions } from "../../src/gate/gate-options";
import type { UsersProvider } from "../../src/auth/users-context";
import type { LoginPageText } from "../../src/gate/login-page";

export const LOGIN_TEXT = (
  JSON.parse(readFileSync(join(__dirname, "../../nodes/locales/en-US/auth-gate.json"), "utf8")) as {
    login: LoginPageText;
  }
).login;

/** A gate over /app (login at /app/login) with the English texts, and the Express app around it. */
export function gateApp(provider: UsersProvider, options: Partial<GateOptions> = {}) {
  const gate = new AuthGate(
    {
      method: "both",
      realm: "Home",
      roles: [],
      title: "Home",
      scope: "/app",
      loginPath: "",
      logoutPath: "",
      trustProxy: false,
      securityHeaders: true,
      text: LOGIN_TEXT,
      ...options,
    },
    provider,
  );
  const app = express();
  app.use((req, res, next) => {
    gate
      .handleOwnRoute(req, res, req.path)
      .then((handled) => {
        if (!handled) next();
      })
      .catch(next);
  });
  // Like the dispatcher: mounted at the app's root, guarding the gate's scope.
  app.use((req, res, next) => {
    if (req.path.startsWith("/app")) gate.guard(req, res, next);
    else next();
  });
  app.get("/app/data", (req, res) => res.json({ user: (req as { user?: unknown }).user ?? null }));
  return { app, gate };
}
