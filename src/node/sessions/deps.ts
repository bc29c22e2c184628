// What sessions use of their node: its config, store, keys, wrapping keys and journal.
// Declared here (not as the whole SessionDeps) so the session code does not depend back
// on the module that assembles the node.
import type { NodeConfig } from '../config.ts';
import type { Journal } from '../journal.ts';
import type { KeyStore } from '../keys.ts';
import type { Repository } from '../store/repository.ts';
import type { WrappingKeys } from '../wrapping-keys.ts';

export interface SessionDeps {
  config: NodeConfig;
  repo: Repository;
  keys: KeyStore;
  wrappingKeys: WrappingKeys;
  journal: Journal;
}
