/** Kept equal to package.json's version (a unit test checks it). */
export declare const VERSION = "0.1.0";
