// Loopback port handling: the OS hands out free ports (bind port 0, read, close), and on
// every start a node whose port has been taken since is moved to a new one. There is a
// short window between checking and the node binding; a node that loses that race fails
// to start with a clear message, and the next start moves it.
import { createServer, type Server } from 'node:net';
import { HOST } from './layout.ts';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: HOST, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Whether `port` on 127.0.0.1 can be bound right now. */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await close(await listen(port));
    return true;
  } catch {
    return false;
  }
}

/**
 * `count` distinct free loopback ports, none of them in `avoid`. All are held open until
 * every one is chosen, so the OS cannot hand out the same port twice.
 */
export async function freePorts(count: number, avoid: Iterable<number> = []): Promise<number[]> {
  const excluded = new Set(avoid);
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < count; tries++) {
      if (tries > count + 100) throw new Error('could not find free loopback ports');
      const server = await listen(0);
      held.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') continue;
      if (excluded.has(address.port)) continue;
      excluded.add(address.port);
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(held.map(close));
  }
}
