// What a gate needs from a users configuration (an auth-users node, or a source named in settings.js):
// the users, how their passwords are checked, their sessions, API keys and second factors.
import type { ApiKeyStore } from "./api-keys";
import type { KeyConnections } from "./key-connections";
import type { SecondFactor } from "./second-factor";
import type { SessionStore } from "./sessions";
import type { UserDirectory } from "./users";
import type { CredentialVerifier } from "./verify-credentials";

/** What a gate needs from its users configuration. */
export interface UsersContext {
  /** Stable id of the users configuration: names its session cookie. */
  readonly id: string;
  readonly users: UserDirectory;
  readonly verifier: CredentialVerifier;
  readonly sessions: SessionStore;
  /** API keys of these users (devices and scripts), when there are any. */
  readonly apiKeys?: ApiKeyStore;
  /** The connections API keys opened, and the end of a key on every instance. */
  readonly keys?: KeyConnections;
  /** The login's code step, for users with an authenticator app. */
  readonly secondFactor?: SecondFactor;
}

/** The users configuration, or why there is none (the gate then refuses everything). */
export type UsersProvider = () => UsersContext | Error;
