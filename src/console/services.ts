// What routes may call, handed to them through router context (see router.tsx) rather
// than imported as globals, so tests and later features can swap implementations.
// Node API clients (one module per resource) will join this object.
import type { InspectOptions, KeyReport } from '../crypto/inspect.ts';

/** "What is this key?" Runs entirely in the browser; nothing is sent or stored. */
export interface KeyInspector {
  inspect(input: string | Uint8Array, options?: InspectOptions): Promise<KeyReport>;
}

export interface ConsoleServices {
  keyInspector: KeyInspector;
}

export interface RouterContext {
  services: ConsoleServices;
}

export function createConsoleServices(): ConsoleServices {
  return {
    keyInspector: {
      async inspect(input, options) {
        // Loaded on first use: the parsers are not needed to render the shell.
        const { inspectKey } = await import('../crypto/inspect.ts');
        return inspectKey(input, options);
      },
    },
  };
}
