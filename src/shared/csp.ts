/**
 * The Content-Security-Policy of the renderer page, the same in Electron and in the web host: only our own
 * scripts, no eval, no plugins, no framing, no form posts; styles may be inline (Svelte and the chart libraries
 * set style attributes); connections only to our own origin (`connectSrc` adds the web host's WebSocket).
 */
export function rendererCsp(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${connectSrc.map((s) => ` ${s}`).join('')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
