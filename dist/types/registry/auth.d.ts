export interface Credentials {
    username: string;
    password: string;
}
export interface Challenge {
    scheme: string;
    params: Record<string, string>;
}
/** `Bearer realm="https://x/token",service="x",scope="repository:r:pull"` → scheme and parameters. */
export declare function parseChallenge(text: string): Challenge | undefined;
/** The `auths` entry of a docker config for `registry` (with or without https://, trailing slash). */
export declare function credentialsFromDockerConfig(registry: string, file?: string): Credentials | undefined;
export declare function basicAuthorization({ username, password }: Credentials): string;
/**
 * The Authorization header that answers `challenge`, or a registry-auth error. Bearer: GET realm?service&scope
 * with Basic credentials (anonymous without), and the token from its JSON answer.
 */
export declare function answerChallenge(challenge: Challenge, { registry, repository, credentials, insecure, signal, idleTimeoutMs, }: {
    registry: string;
    repository: string;
    credentials?: Credentials;
    /** Plain http allowed (--insecure): then a plain-http token endpoint may get the credentials too. */
    insecure?: boolean;
    signal?: AbortSignal;
    idleTimeoutMs?: number;
}): Promise<string>;
