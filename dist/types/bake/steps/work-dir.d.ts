import type { Step } from '../context.js';
export declare const workDir: Step;
