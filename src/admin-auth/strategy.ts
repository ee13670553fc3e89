// The passport strategy Node-RED runs for the editor login: it hands the login page and its POST
// callback to an AuthGate, and a login the gate accepts back to Node-RED's verify, which makes the
// editor's token.
import type { Request, Response } from "express";
import type { AuthenticatedUser } from "../auth/decision";
import { PREFIX } from "./editor-users";
import { message, problemPage } from "./problem-page";

export const STRATEGY_NAME = "node-red-contrib-security";

type VerifyDone = (err: unknown, user?: unknown) => void;
export type VerifyFunction = (profile: { username: string }, done: VerifyDone) => void;

/** The request-bound copy of the strategy passport makes for each request, with its outcome methods. */
interface StrategyRun {
  readonly _verify: VerifyFunction;
  success(user: unknown): void;
  fail(challenge?: unknown, status?: number): void;
  error(err: unknown): void;
}

/** What the strategy needs of the gate that runs the login. */
export interface LoginRoutes {
  handleOwnRoute(req: Request, res: Response, path: string): Promise<boolean>;
}

export interface StrategyParts {
  /** Why every login is refused now, if it is (the page then says so). */
  readonly refusal: () => string | undefined;
  readonly title: string;
  /** The login form's action below httpAdminRoot. */
  readonly callbackPath: string;
}

/** The strategy class for Node-RED, and the gate's `completeLogin`; `gate()` is asked on each request. */
export function editorLoginStrategy(
  parts: StrategyParts,
  gate: () => LoginRoutes,
): {
  strategy: new (options: unknown, verify: VerifyFunction) => unknown;
  completeLogin: (req: Request, res: Response, user: AuthenticatedUser) => Promise<void>;
} {
  const runs = new WeakMap<Request, StrategyRun>();

  /** Back to Node-RED: its verify makes the editor token, and passport's success redirects with it. */
  function completeLogin(req: Request, _res: Response, user: AuthenticatedUser): Promise<void> {
    const run = runs.get(req);
    if (!run) return Promise.reject(new Error("the editor login lost its request"));
    return new Promise((resolve) => {
      run._verify({ username: user.username }, (err, editorUser) => {
        if (err) run.error(err);
        else if (editorUser) run.success(editorUser);
        else run.fail({ message: "Unauthorized" }, 401);
        resolve();
      });
    });
  }

  class EditorLoginStrategy {
    readonly name = STRATEGY_NAME;
    readonly _verify: VerifyFunction;

    constructor(_options: unknown, verify: VerifyFunction) {
      this._verify = verify;
    }

    authenticate(this: StrategyRun, req: Request): void {
      const res = req.res;
      if (!res) {
        this.error(new Error("no response to answer"));
        return;
      }
      const why = parts.refusal();
      if (why) {
        problemPage(req, res, why, parts.title, `${req.baseUrl}${parts.callbackPath}`);
        return;
      }
      runs.set(req, this);
      gate()
        .handleOwnRoute(req, res, req.path)
        .then((handled) => {
          if (!handled && !res.headersSent) res.status(405).set("Allow", "GET, POST").end();
        })
        .catch((err: unknown) => {
          console.error(`${PREFIX} adminAuth(): the login failed: ${message(err)}`);
          if (!res.headersSent) res.status(500).type("text").send("The login failed; see the Node-RED log");
        });
    }
  }

  return { strategy: EditorLoginStrategy, completeLogin };
}
