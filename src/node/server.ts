// Runs one node: load the config, open the node, listen, and close gracefully on
// SIGINT/SIGTERM (stop accepting, end event streams, close the database). Logs are
// JSON lines on stdout; tokens and secrets are never in them.
import { buildApp } from './app.ts';
import { loadNodeConfig } from './config.ts';
import { createNode, NODE_VERSION } from './node.ts';

export interface RunningNode {
  url: string;
  close(): Promise<void>;
}

export async function runNode(configPath: string): Promise<RunningNode> {
  const config = loadNodeConfig(configPath);
  const ctx = await createNode(config);
  const app = buildApp(ctx, {
    logger: {
      level: process.env.KEYFERRY_LOG_LEVEL ?? 'info',
      base: { site: config.site, node: config.index },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    ctx.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  app.log.info({ url, version: NODE_VERSION, wrappingKey: ctx.wrappingKeys.active().fingerprint, keys: ctx.repo.countKeys() }, 'listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        app.log.info('shutting down');
        await app.close();
        ctx.close();
      })();
      return closing;
    },
  };
}
