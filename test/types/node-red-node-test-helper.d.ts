// The part of node-red-node-test-helper 0.3.x these tests use.
declare module "node-red-node-test-helper" {
  import type { Test } from "supertest";
  interface Requester {
    get(path: string): Test;
    post(path: string): Test;
  }
  interface NodeTestHelper {
    init(runtimePath?: string, userSettings?: Record<string, unknown>): void;
    settings(userSettings: Record<string, unknown>): Record<string, unknown>;
    load(testNode: unknown, testFlow: unknown[], testCredentials?: Record<string, unknown>): Promise<void>;
    unload(): Promise<void>;
    getNode(id: string): unknown;
    startServer(done: (err?: unknown) => void): void;
    stopServer(done: (err?: unknown) => void): void;
    url(): string;
    request(): Requester;
    /** The sinon spy on Node-RED's log during the current test. */
    log(): unknown;
  }
  const helper: NodeTestHelper;
  export = helper;
}
