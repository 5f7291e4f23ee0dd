import { type ProcessIdentity } from '../tools/process-identity.js';
export declare function usersDir(baseDir: string): string;
/**
 * Registers this process as a user of the base; the returned function unregisters it. Not recursive: a base
 * evicted meanwhile fails here (ENOENT) instead of coming back as an empty directory.
 */
export declare function registerUser(baseDir: string): () => void;
/** The processes registered as users that are still running. */
export declare function liveUsers(baseDir: string): ProcessIdentity[];
