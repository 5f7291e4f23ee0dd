import { type Logger } from '../log.js';
import type { Credentials } from '../registry/auth.js';
import type { ImageMetadata } from '../registry/formats.js';
export declare const REGISTRY_USERNAME_ENV = "BAKE_REGISTRY_USERNAME";
export declare const REGISTRY_PASSWORD_ENV = "BAKE_REGISTRY_PASSWORD";
export declare const PUSH_USAGE: string;
export interface PushCliIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    readStdin?: () => Promise<string>;
}
/** The credentials the user gave, or undefined (then docker's config, or anonymous). */
export declare function registryCredentials({ username, passwordStdin }: {
    username?: string;
    passwordStdin?: boolean;
}, readStdin: () => Promise<string>, env?: NodeJS.ProcessEnv): Promise<Credentials | undefined>;
/** What build-image --json said about the image, as annotation metadata. */
export declare function metadataFromBuildJson(file: string): Omit<ImageMetadata, 'sha256'> & {
    sha256?: string;
};
export declare function runPushImage(argv: readonly string[], io: PushCliIo, { logger, signal }: {
    logger: (verbose: boolean) => Logger;
    signal?: AbortSignal;
}): Promise<number>;
