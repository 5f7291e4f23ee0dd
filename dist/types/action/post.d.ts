export declare const STATE_WORK_DIR = "work-dir";
export declare const STATE_IS_POST = "is-post";
/** PIDs whose command line mentions the work dir: this build's QEMU and swtpm, nothing else. */
export declare function processesUsing(workDir: string): number[];
export declare function runPost(): Promise<void>;
