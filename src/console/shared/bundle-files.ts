// A keyferry-bundle/1 as the files an operator downloads: the whole bundle, or one file per
// share for separate channels (the core's splitBundle). Pure; the pages only name files.
import { serializeBundle, splitBundle, type Bundle } from '../../crypto/bundle.ts';

export interface TextFile {
  name: string;
  text: string;
}

/** e.g. bundleFile(b, 'treasury-7.keyferry-bundle.json'). */
export function bundleFile(bundle: Bundle, name: string): TextFile {
  return { name, text: serializeBundle(bundle) };
}

/** "<stem>.share-<index>.keyferry-bundle.json", one per share, each a valid bundle of its own. */
export function perShareFiles(bundle: Bundle, stem: string): TextFile[] {
  return splitBundle(bundle).map((part) => ({ name: `${stem}.share-${part.shares[0]!.index}.keyferry-bundle.json`, text: serializeBundle(part) }));
}
