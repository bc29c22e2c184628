// What sessions use of their node: its config, repository, key shares, wrapping keys and
// journal — a part of NodeContext, declared here so that the session code does not
// depend back on node.ts, the module that assembles the node.
import type { NodeConfig } from '../config.ts';
import type { Journal } from '../journal.ts';
import type { KeyShares } from '../key-shares.ts';
import type { Repository } from '../store/repository.ts';
import type { WrappingKeys } from '../wrapping-keys.ts';

export interface SessionDeps {
  config: NodeConfig;
  repo: Repository;
  keys: KeyShares;
  wrappingKeys: WrappingKeys;
  journal: Journal;
}
