// The crypto core's types that components name (a bundle, a key report, a curve …), in one
// place. Components (*.tsx) import nothing from src/crypto: its functions reach them only
// through services, hooks, workers and the pure modules beside them, and its types
// through here. Type-only: nothing of the core is bundled by importing this.
export type { Bundle } from '../../crypto/bundle.ts';
export type { CurveName } from '../../crypto/curves.ts';
export type { InspectOptions, KeyReport } from '../../crypto/inspect.ts';
export type { PrivateKeyOutputFormat } from '../../crypto/private-key/encode.ts';
