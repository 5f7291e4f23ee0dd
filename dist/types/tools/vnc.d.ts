/**
 * --vnc: where QEMU's VNC server listens, for watching a local bake live. Loopback or a unix socket only: QEMU's
 * VNC server has no password here, and whoever reaches it can type into Setup.
 */
export type VncAddress = {
    type: 'tcp';
    host: '127.0.0.1' | '::1';
    port: number;
} | {
    type: 'unix';
    path: string;
};
/** QEMU numbers VNC displays from this port: display N listens on 5900 + N. */
export declare const VNC_BASE_PORT = 5900;
/** Why a value is not a --vnc address, or the address. Pure. */
export declare function parseVncAddress(text: string): VncAddress | {
    error: string;
};
/** How people name the address: "127.0.0.1:5901", "[::1]:5901", "unix:/path". */
export declare function vncDisplayName(vnc: VncAddress): string;
/** QEMU's -vnc value: a display number, not a port, for TCP. */
export declare function vncArgument(vnc: VncAddress): string;
