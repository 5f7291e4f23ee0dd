import type { Step } from '../context.js';
export declare const compact: Step;
export declare const finalize: Step;
