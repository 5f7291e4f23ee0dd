export declare const STATE_WORK_DIR = "work-dir";
export declare const STATE_IS_POST = "is-post";
/** The output of a build that is running; cleared when main ends by itself. */
export declare const STATE_OUTPUT = "output";
/** The private directory the action chose for the build when `output` was not given (placement.ts). */
export declare const STATE_BUILD_ROOT = "build-root";
/** 'true' once the image was uploaded as an artifact or pushed to a registry: a copy lives elsewhere. */
export declare const STATE_PUBLISHED = "published";
/** The hidden partial files a build writes next to `output` (image, UEFI vars, TPM state). */
export declare function partialFilesOf(output: string): string[];
/** PIDs whose command line mentions the work dir: this build's QEMU and swtpm, nothing else. */
export declare function processesUsing(workDir: string): number[];
export declare function terminate(pids: number[]): Promise<void>;
export declare function runPost(): Promise<void>;
/** The action's own build directory, once nothing is left in it (a kept image keeps it). */
export declare function removeIfEmpty(dir: string | undefined): void;
