// The bulk import's contract with src/client/bulk-import.ts (importMany and the wrapper it
// drives), named once for the console's worker side: the pool and its worker job import
// these types from here, so they never load the client's pipeline code.
export type { BulkKeyInput, SplitWrapper, WrapTarget, WrappedKey } from '../../../client/bulk-import.ts';
