// `npm run keyferry -- <args>`: the compiled CLI (build/keyferry.js), rebuilt first when a
// source file changed since the last server build (scripts/build-server.js).
import { ensureServerBuild } from './build-server.js';

await ensureServerBuild();
await import(new URL('../build/keyferry.js', import.meta.url).href);
