/**
 * --vnc: where QEMU's VNC server listens, for watching a local bake live. Loopback or a unix socket only: QEMU's
 * VNC server has no password here, and whoever reaches it can type into Setup.
 */

export type VncAddress =
  { type: 'tcp'; host: '127.0.0.1' | '::1'; port: number } | { type: 'unix'; path: string };

/** QEMU numbers VNC displays from this port: display N listens on 5900 + N. */
export const VNC_BASE_PORT = 5900;

/** Why a value is not a --vnc address, or the address. Pure. */
export function parseVncAddress(text: string): VncAddress | { error: string } {
  const value = text.trim();
  if (value.startsWith('unix:')) {
    const socket = value.slice('unix:'.length);
    return socket ? { type: 'unix', path: socket } : { error: 'unix: needs a socket path' };
  }
  const match = /^(?:(\[::1\]|[^:]+|)(?::))?(\d+)$/.exec(value);
  if (!match) return { error: `"${text}" is not HOST:PORT or unix:PATH` };
  const host = match[1] ?? '127.0.0.1';
  const port = Number(match[2]);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    return {
      error: `${host || 'every interface'} is not loopback: VNC here has no password, so it listens on 127.0.0.1 or ::1 only`,
    };
  }
  if (port < VNC_BASE_PORT || port > 65535)
    return { error: `port ${port} is not between ${VNC_BASE_PORT} and 65535` };
  return { type: 'tcp', host: host === '[::1]' ? '::1' : '127.0.0.1', port };
}

/** How people name the address: "127.0.0.1:5901", "[::1]:5901", "unix:/path". */
export function vncDisplayName(vnc: VncAddress): string {
  if (vnc.type === 'unix') return `unix:${vnc.path}`;
  return `${vnc.host === '::1' ? '[::1]' : vnc.host}:${vnc.port}`;
}

/** QEMU's -vnc value: a display number, not a port, for TCP. */
export function vncArgument(vnc: VncAddress): string {
  if (vnc.type === 'unix') return `unix:${vnc.path.replace(/,/g, ',,')}`;
  return `${vnc.host === '::1' ? '[::1]' : vnc.host}:${vnc.port - VNC_BASE_PORT}`;
}
