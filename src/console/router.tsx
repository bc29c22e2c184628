// Builds the console's router from the generated route tree and the services that
// routes reach through context.
import { createRouter } from '@tanstack/react-router';
import { routeTree } from './routeTree.gen.ts';
import type { ConsoleServices } from './services.ts';

export function createConsoleRouter(services: ConsoleServices) {
  return createRouter({
    routeTree,
    context: { services },
    defaultPreload: 'intent',
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createConsoleRouter>;
  }
}
