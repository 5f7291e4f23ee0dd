import type { BuildOptions } from '../bake/options.js';
import type { Credentials } from '../registry/auth.js';
import { type PushOptions, type PushResult, type RegistryFormat } from '../registry/push.js';
import type { BuiltImage } from './summary.js';
export declare const PUBLISH_TARGETS: readonly ["artifact", "oci", "none"];
export type PublishTarget = 'artifact' | 'oci';
export declare const REGISTRY_INPUTS: readonly ["publish", "registry-ref", "registry-format", "registry-tags", "registry-moving-tag", "registry-username", "registry-password", "registry-insecure", "registry-chunk-size", "github-token"];
/** Where the job's own token may go: GitHub's container registry (and a GHES instance's `containers.HOST`). */
export declare function githubRegistries(env: NodeJS.ProcessEnv): string[];
export interface RegistrySettings {
    ref: string;
    format: RegistryFormat;
    tags: string[];
    movingTag?: string;
    insecure: boolean;
    /** registry-chunk-size in bytes; undefined: one streamed PATCH per blob. */
    chunkSizeBytes?: number;
    /** Explicit credentials (registry-username/password), sent to whichever registry ref names. */
    username?: string;
    password?: string;
    /** The job's token (github-token), sent only to GitHub's container registry, as GITHUB_ACTOR. */
    githubToken?: string;
}
export interface PublishSettings {
    targets: PublishTarget[];
    /** With oci among the targets. */
    registry?: RegistrySettings;
}
/** Inputs (by name, as core.getInput gives them) → what to publish where. Pure; throws usage errors. */
export declare function publishSettings(input: (name: string) => string, env: NodeJS.ProcessEnv): PublishSettings;
/** REGISTRY/REPOSITORY[:TAG] with the registry and repository lower-cased, the tag as given. Pure. */
export declare function lowerCaseRepository(ref: string): string;
/**
 * Who the push is: registry-username/password for any registry; else, on GitHub's container registry only,
 * GITHUB_ACTOR with the job's token; else nothing (docker config or anonymous), and a note saying the job's
 * token was kept back. The token never goes to a registry the workflow did not mean it for. Pure.
 */
export declare function pushCredentials(registry: RegistrySettings, env: NodeJS.ProcessEnv): {
    credentials?: Credentials;
    note?: string;
};
/** The push's options for a built image: the annotations from the build's result and options. Pure. */
export declare function pushOptionsFor(result: BuiltImage, options: Pick<BuildOptions, 'edition' | 'firmware'>, registry: RegistrySettings, env: NodeJS.ProcessEnv): PushOptions & {
    note?: string;
};
/** Pushes the image and sets registry-digest and registry-ref. */
export declare function publishToRegistry(result: BuiltImage, options: BuildOptions, registry: RegistrySettings): Promise<PushResult>;
