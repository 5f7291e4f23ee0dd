import type { BuildContext } from './context.js';
export { meminfoBytes } from './host-resources.js';
/** The first line a program prints for `args`, or why there is none. */
/** The first line a program prints for `args` (its version), or why there is none. */
export declare function firstLine(executable: string | undefined, args: string[]): Promise<string>;
/** Model name and the virtualisation flags of the first CPU in /proc/cpuinfo (Linux). Pure. */
export declare function cpuFacts(cpuinfo: string): {
    model?: string;
    virtualisationFlags: string[];
};
export declare function hostFacts(context: BuildContext): Promise<Record<string, unknown>>;
