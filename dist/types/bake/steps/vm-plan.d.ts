import type { Step } from '../context.js';
/** A port the kernel just handed out on 127.0.0.1: two builds on one runner never share one. */
export declare function freeLoopbackPort(): Promise<number>;
export declare const vmPlan: Step;
