import type { BuildContext } from './context.js';
/** Model name and the virtualisation flags of the first CPU in /proc/cpuinfo (Linux). Pure. */
export declare function cpuFacts(cpuinfo: string): {
    model?: string;
    virtualisationFlags: string[];
};
/** A /proc/meminfo value in bytes. Pure. */
export declare function meminfoBytes(meminfo: string, name: string): number | undefined;
export declare function hostFacts(context: BuildContext): Promise<Record<string, unknown>>;
