// The HTTP headers every response of the built console carries. One place, so the
// production static server (`npm start`, e2e) and `vite preview` send the same policy.
// Why each directive is what it is: docs/console.md, "Content-Security-Policy".

/**
 * Origins the console may call with fetch/XHR/WebSocket besides its own. Nodes of a local
 * site listen on loopback, on any port; a deployment that knows its node URLs should pass
 * them instead (see `contentSecurityPolicy({ connectSrc })`).
 * @type {readonly string[]}
 */
export const DEFAULT_CONNECT_SRC = Object.freeze([
  'http://127.0.0.1:*',
  'http://localhost:*',
  'https://127.0.0.1:*',
  'https://localhost:*',
]);

/**
 * The console's Content-Security-Policy. Scripts and styles only from the console's own
 * origin (no 'unsafe-inline', no 'unsafe-eval'); nothing third-party anywhere.
 * @param {{ connectSrc?: readonly string[] }} [options]
 * @returns {string}
 */
export function contentSecurityPolicy({ connectSrc = DEFAULT_CONNECT_SRC } = {}) {
  /** @type {Array<[string, readonly string[]]>} */
  const directives = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...connectSrc]],
    ['worker-src', ["'self'", 'blob:']],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Headers for every response of the built console. `csp: false` is for the Vite dev
 * server, whose HMR client needs inline scripts.
 * @param {{ csp?: boolean, connectSrc?: readonly string[] }} [options]
 * @returns {Record<string, string>}
 */
export function securityHeaders({ csp = true, connectSrc } = {}) {
  /** @type {Record<string, string>} */
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (csp) {
    headers['Content-Security-Policy'] = contentSecurityPolicy(connectSrc === undefined ? {} : { connectSrc });
  }
  return headers;
}
