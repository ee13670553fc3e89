// Connections opened with an API key (a device's websocket), and the end of a key on every instance:
// revoked on one, its connections close wherever they are and every instance refuses it from then on
// (for good once a deploy brings credentials without it). Told through the shared store's notices of
// ended sessions, under "key:<id>", which no session id looks like.
import { Closers } from "./closers";
import type { SharedStore } from "./store";

const PREFIX = "key:";

export class KeyConnections {
  private readonly closers = new Closers();
  /** The current deploy's API keys, told of keys ended anywhere so that they refuse them too. */
  revoker: ((keyId: string) => void) | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: SharedStore,
    private readonly namespace: string,
  ) {
    this.unsubscribe = store.onEnded((ended, ids) => {
      if (ended !== namespace) return;
      for (const id of ids) if (id.startsWith(PREFIX)) this.ended(id.slice(PREFIX.length));
    });
  }

  /** Runs `close` when key `keyId` ends; returns a function that forgets it. */
  attach(keyId: string, close: () => void): () => void {
    return this.closers.add(keyId, close);
  }

  /** Ends key `keyId` here and, through the store, on every other instance. */
  end(keyId: string): void {
    this.store.publishEnded(this.namespace, [`${PREFIX}${keyId}`]);
  }

  /** A deploy's keys: connections of any other key (revoked, or removed elsewhere) close here. */
  keepOnly(keyIds: ReadonlySet<string>): void {
    for (const keyId of this.closers.keys()) if (!keyIds.has(keyId)) this.closers.close(keyId);
  }

  dispose(): void {
    this.unsubscribe();
  }

  private ended(keyId: string): void {
    this.revoker?.(keyId);
    this.closers.close(keyId);
  }
}
