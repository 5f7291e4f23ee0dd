import type { Logger } from '../log.js';
export declare const actionLogger: Logger;
