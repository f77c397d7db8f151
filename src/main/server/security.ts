// Pure checks for server mode: token, Host (DNS rebinding) and Origin (cross-site WebSocket hijacking).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** 256 random bits, hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', '127.0.0.1', '::1', '[::1]']);

/** Splits a Host header into hostname and port ("[::1]:8080" → "[::1]", "8080"). */
export function splitHost(host: string): { hostname: string; port: string | null } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim());
  if (!m) return { hostname: '', port: null };
  return { hostname: m[1].toLowerCase(), port: m[2] ?? null };
}

export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (h.endsWith('.localhost')) return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * A Host header we answer: a loopback name/address; when the server was explicitly bound to a
 * non-loopback interface, also any IP literal (a DNS-rebinding attack needs a name, not an IP).
 */
export function hostAllowed(hostHeader: string | undefined, boundToLoopback: boolean): boolean {
  if (!hostHeader) return false;
  const { hostname } = splitHost(hostHeader);
  if (!hostname) return false;
  if (isLoopbackHostname(hostname)) return true;
  if (boundToLoopback) return false;
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) !== 0;
}

/** An Origin we accept: absent (non-browser clients, still need the token) or exactly our own. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!hostHeader) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.protocol === 'http:' && parsed.host === new URL(`http://${hostHeader}`).host;
}

/** CSP for pages served in server mode: our own scripts only, WebSocket back to us. */
export function serverCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'"
  ].join('; ');
}
